/** Plain HTTP load for the rush tests: sign-ups as a browser without JavaScript sends them. */
import type { AppInstance } from './app';

export interface Answer {
	/** HTTP status, or 0 when no answer came (connection refused or reset, or timed out). */
	status: number;
	location: string | null;
	body: string;
	error?: string;
	/** Which instance was asked. */
	origin: string;
	email: string;
}

export function emailFor(run: string, index: number): string {
	return `rush.${run}.${index}@example.com`;
}

/** One sign-up with a per-request timeout, so a hanging server shows up as an answer of status 0. */
export async function signUp(
	app: Pick<AppInstance, 'origin'>,
	slug: string,
	email: string,
	timeoutMs = 30_000
): Promise<Answer> {
	const body = new URLSearchParams({ firstName: 'Rush', lastName: 'Tester', email });
	try {
		const response = await fetch(`${app.origin}/events/${slug}`, {
			method: 'POST',
			body,
			redirect: 'manual',
			headers: {
				origin: app.origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			signal: AbortSignal.timeout(timeoutMs)
		});
		return {
			status: response.status,
			location: response.headers.get('location'),
			body: await response.text(),
			origin: app.origin,
			email
		};
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause;
		return {
			status: 0,
			location: null,
			body: '',
			error: `${(error as Error).name}: ${cause?.code ?? (error as Error).message}`,
			origin: app.origin,
			email
		};
	}
}

/** Runs `count` tasks with at most `concurrency` in flight; results keep the tasks' order. */
export async function pool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	});
	await Promise.all(lanes);
	return results;
}

/** Sign-ups split evenly across the instances, `concurrency` in flight at once. */
export function rush(
	apps: Pick<AppInstance, 'origin'>[],
	slug: string,
	run: string,
	count: number,
	concurrency: number,
	timeoutMs?: number
): Promise<Answer[]> {
	return pool(count, concurrency, (i) =>
		signUp(apps[i % apps.length]!, slug, emailFor(run, i), timeoutMs)
	);
}

/** status → count, e.g. { 303: 998, 0: 2 }, for readable assertion failures. */
export function tally(answers: Answer[]): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
	return counts;
}
