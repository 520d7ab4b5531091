/** Figure 3: the attendee CSV export, its time and the peak RSS of the server. */
import { fmt, table, verdict } from '../report';
import { median, memory, resetPeak, sampleRss, waitForQuiet } from '../support';
import type { Context, Target } from '../context';

interface ExportRun {
	size: number;
	ms: number;
	peakMiB: number;
	sampledMiB: number;
	rssBeforeMiB: number;
	lines: number;
	bytes: number;
}

async function exportOnce(ctx: Context, target: Target, size: number): Promise<ExportRun> {
	await waitForQuiet(ctx.settings.quietBudget);
	const pid = target.server!.pid;
	const rssBeforeMiB = memory(pid).rssMiB;
	const reset = resetPeak(pid);
	const sampler = sampleRss(pid, 10);
	const started = performance.now();
	const response = await fetch(
		`${target.origin}/staff/events/${target.events.exports[size]}/attendees.csv`,
		{ headers: { cookie: target.cookie }, redirect: 'manual' }
	);
	let bytes = 0;
	let lines = 0;
	if (response.body) {
		for await (const chunk of response.body) {
			bytes += chunk.length;
			for (const byte of chunk) if (byte === 10) lines++;
		}
	}
	const ms = performance.now() - started;
	const sampledMiB = sampler.stop();
	ctx.check(response.status === 200, `${target.kind} export answered ${response.status}`);
	ctx.check(lines === size + 1, `${target.kind} export of ${size} gave ${lines - 1} rows`);
	return {
		size,
		ms,
		peakMiB: reset ? memory(pid).peakMiB : sampledMiB,
		sampledMiB,
		rssBeforeMiB,
		lines,
		bytes
	};
}

export async function exportPhase(ctx: Context, app: Target, base: Target) {
	ctx.log(
		`CSV export of ${ctx.settings.exportSizes.join(' and ')} rows: fresh server processes, peak RSS per export`
	);
	// Each server is restarted and warmed up with one export of each size, so the heap has grown to
	// its working size (V8 enlarges the young generation only under allocation); then the peak RSS of
	// each measured export shows what that export needs on top, whatever its size.
	const all: Record<Target['kind'], ExportRun[]> = { app: [], baseline: [] };
	for (const target of [app, base]) {
		await ctx.restart(target);
		if (target.kind === 'app') await ctx.signIn(target);
		for (const size of [...ctx.settings.exportSizes].reverse()) await exportOnce(ctx, target, size);
		for (let i = 0; i < Math.max(ctx.settings.runs, 2); i++) {
			const sizes =
				i % 2 === 0 ? ctx.settings.exportSizes : [...ctx.settings.exportSizes].reverse();
			for (const size of sizes) all[target.kind].push(await exportOnce(ctx, target, size));
		}
	}
	const med = (kind: Target['kind'], size: number, key: 'ms' | 'peakMiB') =>
		median(all[kind].filter((r) => r.size === size).map((r) => r[key]));
	const [small, large] = ctx.settings.exportSizes as [number, number];
	for (const size of ctx.settings.exportSizes) {
		ctx.rows.push({
			figure: `3. CSV export ${fmt.int(size)} rows: time / peak RSS`,
			app: `${fmt.s(med('app', size, 'ms'))} / ${fmt.mib(med('app', size, 'peakMiB'))}`,
			baseline: `${fmt.s(med('baseline', size, 'ms'))} / ${fmt.mib(med('baseline', size, 'peakMiB'))}`
		});
	}
	const growth = (kind: Target['kind']) =>
		med(kind, large, 'peakMiB') / med(kind, small, 'peakMiB') - 1;
	ctx.rows.push({
		figure: `3. CSV export peak RSS, ${fmt.int(large)} vs ${fmt.int(small)} rows`,
		app: `+${fmt.pct(growth('app'))}`,
		baseline: `+${fmt.pct(growth('baseline'))}`,
		target: 'within 20%',
		verdict: verdict(growth('app') <= 0.2)
	});
	ctx.details.push(
		`#### 3. CSV export after one warm-up export of each size (peak = VmHWM after resetting it through /proc/PID/clear_refs; sampled = RSS read every 10 ms)\n\n` +
			table(
				['server', 'rows', 'time', 'MB', 'rows/s', 'RSS before', 'peak RSS', 'sampled peak'],
				(['app', 'baseline'] as const).flatMap((kind) =>
					all[kind].map((r) => [
						kind,
						fmt.int(r.size),
						fmt.s(r.ms),
						(r.bytes / 1e6).toFixed(1),
						fmt.int(r.size / (r.ms / 1000)),
						fmt.mib(r.rssBeforeMiB),
						fmt.mib(r.peakMiB),
						fmt.mib(r.sampledMiB)
					])
				)
			)
	);
}
