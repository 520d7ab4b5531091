import { expect, test } from '../fixtures';
import type { Case } from './fuzz-bodies';

/** Bodies per target: the 5,000 the benchmark issue asks for, in `npm test` too (FUZZ_BODIES=… to vary). */
export const BODIES = Number(process.env.FUZZ_BODIES) || 5000;
/** Requests in flight per target; two targets run at once (one per worker). */
const PARALLEL = Number(process.env.FUZZ_PARALLEL) || 8;

export interface Outcome {
	status: number;
	label: string;
	ok: boolean;
	kind: string;
}

/**
 * The status the action meant. An enhanced (JSON) request gets its failure's and its redirect's
 * status inside a 200; an error keeps its status on the response.
 */
async function effectiveStatus(response: Response, json: boolean) {
	const status = response.status;
	const text = await response.text();
	if (!json || status !== 200) return { status, kind: 'http' };
	try {
		const parsed = JSON.parse(text) as { type: string; status?: number };
		if (parsed.type === 'failure' || parsed.type === 'redirect') {
			return { status: parsed.status ?? 0, kind: parsed.type };
		}
		return { status: 200, kind: parsed.type };
	} catch {
		return { status, kind: 'html' };
	}
}

/**
 * Thousands of requests go straight through Node's fetch rather than Playwright's request context,
 * which records each one in the trace and costs a round trip to the driver: the same headers as
 * postRaw (tests/e2e/support/forms.ts), the body as bytes so that fetch adds no content type.
 */
export async function send(
	baseURL: string,
	clientAddress: string,
	path: string,
	cases: Case[],
	handled: number[],
	addressOf: (index: number) => string | undefined = () => undefined
): Promise<Outcome[]> {
	const outcomes: Outcome[] = new Array(cases.length);
	const origin = new URL(baseURL).origin;
	let next = 0;
	await Promise.all(
		Array.from({ length: PARALLEL }, async () => {
			while (next < cases.length) {
				const c = cases[next++]!;
				const headers: Record<string, string> = {
					origin,
					'x-forwarded-for': addressOf(c.index) ?? clientAddress,
					accept: c.json ? 'application/json' : 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
					...(c.json ? { 'x-sveltekit-action': 'true' } : {}),
					...(c.contentType ? { 'content-type': c.contentType } : {})
				};
				const body = typeof c.body === 'string' ? Buffer.from(c.body, 'utf8') : c.body;
				const response = await fetch(new URL(path, baseURL), {
					method: 'POST',
					headers,
					body: new Uint8Array(body),
					redirect: 'manual'
				});
				const { status, kind } = await effectiveStatus(response, c.json ?? false);
				const expected = c.expected ?? handled;
				outcomes[c.index] = {
					status,
					kind,
					label: c.label,
					ok: status < 500 && handled.includes(status) && expected.includes(status)
				};
			}
		})
	);
	return outcomes;
}

/** Fails with every unexpected answer at once; returns how often each status came back. */
export function check(target: string, cases: Case[], outcomes: Outcome[]): Record<number, number> {
	// `outcomes` is made as long as `cases`, so its length proves nothing: look for the cases with
	// no answer at their index (which the filter below would skip), and count the bodies sent.
	expect(unanswered(cases, outcomes), `bodies without an answer (${target})`).toEqual([]);
	expect(cases.length, `bodies generated (${target})`).toBe(BODIES);
	const wrong = outcomes
		.filter((o) => !o.ok)
		.map((o) => `${o.status} (${o.kind}) for ${o.label}: ${preview(cases, o)}`);
	const counts: Record<number, number> = {};
	for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
	test.info().annotations.push({
		type: `${target}: ${outcomes.length} bodies`,
		description: JSON.stringify(counts)
	});
	expect(wrong.slice(0, 40), `${wrong.length} unexpected answers (${target})`).toEqual([]);
	return counts;
}

/** Labels of the cases that have no outcome at their index. */
export function unanswered(cases: Case[], outcomes: Outcome[]): string[] {
	return cases.filter((c) => outcomes[c.index] === undefined).map((c) => c.label);
}

function preview(cases: Case[], o: Outcome): string {
	const c = cases[Number(/^#(\d+)/.exec(o.label)![1])]!;
	const body = typeof c.body === 'string' ? c.body : c.body.toString('latin1');
	return `${c.contentType || '(none)'} ${JSON.stringify(body.slice(0, 160))}${body.length > 160 ? `… (${body.length})` : ''}`;
}

/** Refused unread (413, 415) only as often as the generator makes such bodies: the rest got to the action. */
export function expectReachedValidation(counts: Record<number, number>) {
	const unread = (counts[413] ?? 0) + (counts[415] ?? 0);
	// Counted from the answers, not from BODIES: with no answers at all, BODIES - 0 would pass.
	const answered = Object.values(counts).reduce((sum, n) => sum + n, 0);
	expect(answered, 'bodies answered').toBe(BODIES);
	expect(answered - unread, 'bodies that reached the action').toBeGreaterThanOrEqual(BODIES * 0.8);
}
