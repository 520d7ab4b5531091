/**
 * Figures 1, 2 and 6: sign-up POST and event page GET under 50 connections (and the framework's
 * floor, GET /healthz), then both held for the sustained time, per slice.
 */
import { runLoad, unexpected, type LoadResult } from '../load';
import { fmt, verdict, type Row } from '../report';
import { waitForQuiet } from '../support';
import type { Context, Target } from '../context';
import {
	alternate,
	alternateNamed,
	firstToLast,
	getRun,
	minimalRun,
	runDetails,
	signupRun,
	sliceTable,
	spec,
	summary
} from './runs';

type Summary = ReturnType<typeof summary>;

/**
 * The figures each load phase reports the same way: throughput against the baseline (at least
 * `minRatio` of it), median and tail latency (the tail at most `maxP99Ms`, where there is a
 * target), and the server's CPU time per request.
 */
function loadRows(
	ctx: Context,
	name: string,
	a: Summary,
	b: Summary,
	targets: { minRatio: number; maxP99Ms?: number; maxP99Times?: number }
): Row[] {
	const { minRatio, maxP99Ms, maxP99Times } = targets;
	const p99Target =
		maxP99Ms !== undefined
			? { target: `p99 ≤ ${maxP99Ms} ms`, verdict: verdict(a.p99 <= maxP99Ms) }
			: maxP99Times !== undefined
				? {
						ratio: `${(a.p99 / b.p99).toFixed(1)}×`,
						target: `p99 ≤ ${maxP99Times}× baseline's`,
						verdict: verdict(a.p99 <= maxP99Times * b.p99)
					}
				: {};
	return [
		{
			figure: `${name}, ${ctx.settings.connections} conn: req/s`,
			app: fmt.int(a.rps),
			baseline: fmt.int(b.rps),
			ratio: fmt.pct(a.rps / b.rps),
			target: `≥ ${Math.round(minRatio * 100)}%`,
			verdict: verdict(a.rps / b.rps >= minRatio)
		},
		{
			figure: `${name}: p50 / p99 ms`,
			app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
			baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`,
			...p99Target
		},
		{
			figure: `${name}: server CPU ms per request`,
			app: a.cpuMs.toFixed(2),
			baseline: b.cpuMs.toFixed(2),
			ratio: `${(a.cpuMs / b.cpuMs).toFixed(1)}×`
		}
	];
}

export async function signupPhase(ctx: Context, app: Target, base: Target) {
	ctx.log(
		`sign-up POST: ${ctx.settings.runs} × ${ctx.settings.durationS} s per server, ${ctx.settings.connections} connections`
	);
	// warm-up, not counted
	for (const target of [app, base]) await signupRun(ctx, target, 3);
	await minimalRun(ctx, base, 3);
	const { durationS } = ctx.settings;
	const results = await alternateNamed(ctx, [
		{ name: 'app', run: () => signupRun(ctx, app, durationS) },
		{ name: 'baseline', run: () => signupRun(ctx, base, durationS) },
		{ name: 'minimal', run: () => minimalRun(ctx, base, durationS) }
	]);
	const a = summary(results.app!);
	const b = summary(results.baseline!);
	const m = summary(results.minimal!);
	ctx.rows.push(
		...loadRows(ctx, '1. sign-up POST', a, b, { minRatio: 0.5, maxP99Times: 2 }),
		{
			figure: '1. same-work baseline vs the minimal exact sign-up (baseline column): req/s',
			app: fmt.int(b.rps),
			baseline: fmt.int(m.rps),
			ratio: fmt.pct(b.rps / m.rps),
			target: '≥ 40%',
			verdict: verdict(b.rps / m.rps >= 0.4)
		},
		{
			figure: '1. minimal exact sign-up: p50 / p99 ms; server CPU ms per request',
			app: '',
			baseline: `${fmt.ms(m.p50)} / ${fmt.ms(m.p99)}; ${m.cpuMs.toFixed(2)}`
		},
		{
			figure: '1. sign-ups per minute on one event',
			app: fmt.int(a.rps * 60),
			baseline: fmt.int(b.rps * 60),
			ratio: `app ${fmt.int((a.rps * 60) / 400)}× pretix's 400`,
			target: '(pretix: 300–400)'
		}
	);
	runDetails(
		ctx,
		"1. Sign-up POST (each run on a new event; statuses and stored rows checked; minimal: the baseline server's minimal exact sign-up)",
		results
	);
}

export async function getPhase(ctx: Context, app: Target, base: Target) {
	ctx.log(
		`event page GET: ${ctx.settings.runs} × ${ctx.settings.durationS} s per server, ${ctx.settings.connections} connections`
	);
	for (const target of [app, base]) await getRun(ctx, target, 3); // warm-up, not counted
	const results = await alternate(ctx, [app, base], (t) => getRun(ctx, t, ctx.settings.durationS));
	ctx.rows.push(
		...loadRows(ctx, '2. event page GET', summary(results.app), summary(results.baseline), {
			minRatio: 0.3,
			maxP99Ms: 20
		})
	);
	runDetails(ctx, '2. Event page GET', results);

	// SvelteKit's own floor: the smallest route there is (/healthz: one SELECT 1, a JSON answer). A kept
	// event page is answered in front of SvelteKit (front/handler.js), so this no longer bounds figure 2:
	// it shows what every other route pays for the framework.
	const floorS = Math.max(2, Math.round(ctx.settings.durationS / 2));
	const floor = await alternate(ctx, [app, base], async (target) => {
		const result = await runLoad(spec(ctx, target, { path: '/healthz', durationS: floorS }));
		const wrong = unexpected(result, [200]);
		ctx.check(!wrong, `${target.kind} /healthz answered ${wrong}`);
		return result;
	});
	const fa = summary(floor.app);
	const fb = summary(floor.baseline);
	ctx.rows.push({
		figure: '2. floor: GET /healthz (SELECT 1): req/s; server CPU ms/req',
		app: `${fmt.int(fa.rps)}; ${fa.cpuMs.toFixed(2)}`,
		baseline: `${fmt.int(fb.rps)}; ${fb.cpuMs.toFixed(2)}`,
		ratio: fmt.pct(fa.rps / fb.rps)
	});
	runDetails(ctx, `2. GET /healthz, the framework's floor (${floorS} s runs)`, floor);
}

export async function sustainedPhase(ctx: Context, app: Target, base: Target) {
	ctx.log(
		`sustained: sign-up and GET held ${ctx.settings.sustainedS} s each per server, ${ctx.settings.sliceS} s slices`
	);
	const results: { name: string; result: LoadResult }[] = [];
	for (const [name, run] of [
		['sign-up POST', signupRun],
		['event page GET', getRun]
	] as const) {
		for (const target of [app, base]) {
			await ctx.restart(target);
			await run(ctx, target, 3); // warm-up (JIT), not counted
			await waitForQuiet(ctx.settings.quietBudget);
			const result = await run(ctx, target, ctx.settings.sustainedS, ctx.settings.sliceS);
			const { ratio, text } = firstToLast(result);
			ctx.log(
				`${target.kind} ${name}: ${result.slices.map((s) => fmt.int(s.rps)).join(' → ')} req/s`
			);
			results.push({ name: `${target.kind} ${name}`, result });
			if (target.kind === 'app') {
				ctx.rows.push({
					figure: `6. sustained ${name} ${ctx.settings.sustainedS} s: first → last slice`,
					app: text,
					baseline: '',
					target: 'flat (≥ 90%)',
					verdict: verdict(ratio >= 0.9)
				});
			} else {
				ctx.rows.at(-1)!.baseline = text;
			}
		}
	}
	ctx.details.push(sliceTable(ctx, '6. Sustained load', results));
}
