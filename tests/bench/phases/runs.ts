/**
 * The building blocks of the load figures: one autocannon run against a target (sign-up POST or
 * event page GET, each checked for the expected statuses), the app/baseline alternation of the
 * runs, and the tables of per-run and per-slice figures.
 */
import { createEvent, storedSignups } from '../seed';
import { runLoad, unexpected, type LoadResult, type LoadSpec } from '../load';
import { fmt, table } from '../report';
import { median, waitForQuiet } from '../support';
import type { Context, Target } from '../context';

/** Where a load goes: a server of a Target, or one without a database handle (the embedded one). */
export type Endpoint = Pick<Target, 'origin' | 'server'>;

export function spec(
	ctx: Context,
	target: Endpoint,
	extra: Partial<LoadSpec> & { path: string }
): LoadSpec {
	return {
		url: `${target.origin}${extra.path}`,
		connections: ctx.settings.connections,
		durationS: ctx.settings.durationS,
		serverPid: target.server?.pid,
		postgresPid: ctx.postmaster,
		...extra,
		headers: { accept: 'text/html', ...extra.headers }
	};
}

function runLine(kind: string, i: number, r: LoadResult) {
	return [
		kind,
		String(i + 1),
		fmt.int(r.rps),
		fmt.ms(r.p50),
		fmt.ms(r.p99),
		fmt.ms(r.max),
		r.serverCpuMs.toFixed(2),
		Object.entries(r.statuses)
			.map(([code, n]) => `${code}: ${n}`)
			.join(', '),
		`${r.cpu.server}% / ${r.cpu.postgres}% / ${r.cpu.loadGenerator}% / ${r.cpu.other}%`
	];
}

const RUN_HEADERS = [
	'server',
	'run',
	'req/s',
	'p50 ms',
	'p99 ms',
	'max ms',
	'server CPU ms/req',
	'statuses',
	'CPU server / postgres / autocannon / other'
];

function signupBody(ctx: Context): string {
	const n = ctx.counters.signups++;
	return new URLSearchParams({
		firstName: 'Väinö',
		lastName: 'Mäkelä',
		email: `b${n}.${ctx.runTag}@bench.example`,
		phone: '040 123 4567',
		street: 'Satamakatu 1',
		postalCode: '20100',
		city: 'Turku'
	}).toString();
}

export function signupSpec(
	ctx: Context,
	target: Endpoint,
	slug: string,
	durationS: number,
	sliceS?: number,
	pathPrefix = ''
): LoadSpec {
	return spec(ctx, target, {
		path: `${pathPrefix}/events/${slug}`,
		method: 'POST',
		durationS,
		sliceS,
		headers: {
			origin: target.origin,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: () => signupBody(ctx)
	});
}

/** One sign-up run on a new hot event; checks every 303 stored a registration and an outbox row. */
export async function signupRun(
	ctx: Context,
	target: Target,
	durationS: number,
	sliceS?: number
): Promise<LoadResult> {
	const ev = await createEvent(target.db.db, `hot-${target.kind}-${++ctx.counters.hotEvents}`);
	const result = await runLoad(signupSpec(ctx, target, ev.slug, durationS, sliceS));
	const wrong = unexpected(result, [303]);
	ctx.check(!wrong, `${target.kind} sign-up answered ${wrong}`);
	const redirects = result.statuses['303'] ?? 0;
	const stored = await storedSignups(target.db.db, ev.id);
	// Requests cut off by the end of the run may still commit: at most one per connection.
	ctx.check(
		stored.registrations >= redirects &&
			stored.registrations <= redirects + ctx.settings.connections,
		`${target.kind}: ${redirects} redirects but ${stored.registrations} stored registrations`
	);
	ctx.check(
		stored.outbox === stored.registrations,
		`${target.kind}: ${stored.registrations} registrations but ${stored.outbox} outbox rows`
	);
	ctx.check(redirects > 0, `${target.kind}: no sign-up reached the database`);
	return result;
}

/**
 * One run of the baseline's minimal exact sign-up (tests/bench/minimal-baseline.ts) on a new hot
 * event; checks every 303 stored a registration (it writes no outbox row).
 */
export async function minimalRun(
	ctx: Context,
	target: Target,
	durationS: number
): Promise<LoadResult> {
	const ev = await createEvent(target.db.db, `hot-minimal-${++ctx.counters.hotEvents}`);
	const result = await runLoad(signupSpec(ctx, target, ev.slug, durationS, undefined, '/minimal'));
	const wrong = unexpected(result, [303]);
	ctx.check(!wrong, `minimal sign-up answered ${wrong}`);
	const redirects = result.statuses['303'] ?? 0;
	const stored = await storedSignups(target.db.db, ev.id);
	ctx.check(
		stored.registrations >= redirects &&
			stored.registrations <= redirects + ctx.settings.connections,
		`minimal: ${redirects} redirects but ${stored.registrations} stored registrations`
	);
	ctx.check(redirects > 0, 'minimal: no sign-up reached the database');
	return result;
}

export async function getRun(
	ctx: Context,
	target: Target,
	durationS: number,
	sliceS?: number
): Promise<LoadResult> {
	const result = await runLoad(
		spec(ctx, target, { path: `/events/${target.events.page}`, durationS, sliceS })
	);
	const wrong = unexpected(result, [200]);
	ctx.check(!wrong, `${target.kind} event page answered ${wrong}`);
	return result;
}

/**
 * One run, started when the machine is quiet, and repeated (at most twice, within the wait budget)
 * when other processes took a noticeable share of the CPU meanwhile.
 */
async function measured(ctx: Context, run: () => Promise<LoadResult>): Promise<LoadResult> {
	await waitForQuiet(ctx.settings.quietBudget);
	let result = await run();
	for (
		let retry = 0;
		retry < 2 && result.cpu.other > ctx.settings.maxOtherCpu && ctx.settings.quietBudget.ms > 0;
		retry++
	) {
		ctx.log(`other processes used ${result.cpu.other}% of a core during the run; repeating it`);
		await waitForQuiet(ctx.settings.quietBudget);
		result = await run();
	}
	return result;
}

/** Runs `run` for app and baseline --runs times, alternating which goes first. */
export async function alternate(
	ctx: Context,
	targets: Target[],
	run: (target: Target) => Promise<LoadResult>
): Promise<Record<Target['kind'], LoadResult[]>> {
	const named = targets.map((target) => ({ name: target.kind, run: () => run(target) }));
	return alternateNamed(ctx, named) as Promise<Record<Target['kind'], LoadResult[]>>;
}

/** Like alternate, for any named runs (e.g. a third design on the baseline server). */
export async function alternateNamed(
	ctx: Context,
	runs: { name: string; run: () => Promise<LoadResult> }[]
): Promise<Record<string, LoadResult[]>> {
	const out: Record<string, LoadResult[]> = Object.fromEntries(runs.map((r) => [r.name, []]));
	for (let i = 0; i < ctx.settings.runs; i++) {
		const order = i % 2 === 0 ? runs : [...runs].reverse();
		for (const { name, run } of order) {
			const result = await measured(ctx, run);
			ctx.log(
				`${name}: ${fmt.int(result.rps)} req/s, p50 ${fmt.ms(result.p50)} ms, p99 ${fmt.ms(result.p99)} ms`
			);
			out[name]!.push(result);
		}
	}
	return out;
}

export function summary(results: LoadResult[]) {
	return {
		cpuMs: median(results.map((r) => r.serverCpuMs)),
		rps: median(results.map((r) => r.rps)),
		p50: median(results.map((r) => r.p50)),
		p99: median(results.map((r) => r.p99))
	};
}

export function runDetails(ctx: Context, title: string, results: Record<string, LoadResult[]>) {
	const lines = Object.entries(results).flatMap(([kind, list]) =>
		list.map((r, i) => runLine(kind, i, r))
	);
	ctx.details.push(`#### ${title}\n\n${table(RUN_HEADERS, lines)}`);
}

/** The first and the last slice of a sustained run, side by side. */
export function firstToLast(result: LoadResult) {
	const first = result.slices[0];
	const last = result.slices.at(-1);
	const ratio = (last?.rps ?? NaN) / (first?.rps ?? NaN);
	const cpu = (slice: typeof first) => slice?.serverCpuMs.toFixed(2) ?? '–';
	return {
		ratio,
		text: `${fmt.int(first?.rps ?? NaN)} → ${fmt.int(last?.rps ?? NaN)} req/s (${fmt.pct(ratio)}); CPU ${cpu(first)} → ${cpu(last)} ms/req`
	};
}

export function sliceTable(
	ctx: Context,
	title: string,
	results: { name: string; result: LoadResult }[]
) {
	const headers =
		results[0]?.result.slices.map((s) => `${s.fromS}–${s.fromS + ctx.settings.sliceS} s`) ?? [];
	return (
		`#### ${title}: req/s per ${ctx.settings.sliceS} s slice (p99 ms; server CPU ms per request)\n\n` +
		table(
			['run', ...headers, 'CPU server / postgres / autocannon / other'],
			results.map(({ name, result }) => [
				name,
				...result.slices.map(
					(s) => `${fmt.int(s.rps)} (${fmt.ms(s.p99)}; ${s.serverCpuMs.toFixed(2)})`
				),
				`${result.cpu.server}% / ${result.cpu.postgres}% / ${result.cpu.loadGenerator}% / ${result.cpu.other}%`
			])
		)
	);
}
