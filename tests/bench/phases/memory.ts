/**
 * Figure 8 (issue 18's memory targets: idle ≤ 120 MiB on PostgreSQL, ≤ 200 MiB on the embedded
 * database, back within 20 % of idle a minute after the load): resident memory of `node build` on both databases: idle (fresh start, then a short
 * warm-up of both routes), under load (the peak while the event page GET and then the sign-up POST
 * are loaded, each for the run duration) and a minute after the load ended (10 s in a --quick run).
 * Child processes the server starts (a mail worker, say) are read too: the targets hold for the
 * server and its children together, and the details list each process.
 *
 * The two databases overlap: the embedded server's load runs while the PostgreSQL one cools down;
 * each reading after the load is taken at its own server's time.
 */
import { fmt, table, verdict, type Row } from '../report';
import { descendants, rssMiB, sleep } from '../support';
import type { Context, EmbeddedTarget, Target } from '../context';
import { atEmbeddedLoad, embeddedGetRun, embeddedSignupRun } from './embedded';
import { getRun, signupRun } from './runs';

interface Reading {
	/** RSS of the server process and of each child, MiB. */
	server: number;
	children: { pid: number; mib: number }[];
}

const total = (r: Reading) => r.server + r.children.reduce((sum, c) => sum + c.mib, 0);
const signedPct = (change: number) => `${change >= 0 ? '+' : ''}${fmt.pct(change)}`;
const childSum = (r: Reading) => r.children.reduce((sum, c) => sum + c.mib, 0);

function read(pid: number): Reading {
	return {
		server: rssMiB(pid),
		children: descendants(pid).map((child) => ({ pid: child, mib: rssMiB(child) }))
	};
}

/** The reading with the highest total, sampled every 250 ms until stopped (light on the CPU). */
function samplePeak(pid: number) {
	let peak: Reading = read(pid);
	const timer = setInterval(() => {
		const now = read(pid);
		if (total(now) > total(peak)) peak = now;
	}, 250);
	return () => {
		clearInterval(timer);
		return peak;
	};
}

interface Subject {
	name: string;
	pid: () => number;
	/** Restart, then warm both routes up (not measured). */
	fresh: () => Promise<void>;
	load: () => Promise<void>;
	idleTargetMiB: number;
	idle?: Reading;
	peak?: Reading;
	endedAt?: number;
	after?: Reading;
}

export async function memoryPhase(ctx: Context, app: Target, emb: EmbeddedTarget | undefined) {
	const afterS = ctx.settings.quick ? 10 : 60;
	const { durationS } = ctx.settings;
	ctx.log(
		`memory: RSS idle, under ${durationS} s GET + ${durationS} s sign-up load, and ${afterS} s after it, on ${emb ? 'both databases' : 'PostgreSQL'}`
	);
	const subjects: Subject[] = [
		{
			name: 'PostgreSQL',
			pid: () => app.server!.pid,
			fresh: async () => {
				await ctx.restart(app);
				await getRun(ctx, app, 3);
				await signupRun(ctx, app, 3);
			},
			load: async () => {
				await getRun(ctx, app, durationS);
				await signupRun(ctx, app, durationS);
			},
			idleTargetMiB: 120
		}
	];
	if (emb) {
		const e = atEmbeddedLoad(ctx);
		subjects.push({
			name: 'embedded',
			pid: () => emb.server!.pid,
			fresh: async () => {
				await emb.server?.stop();
				await ctx.startEmbedded(emb);
				await embeddedGetRun(e, emb, 3);
				await embeddedSignupRun(e, emb, 3);
			},
			load: async () => {
				await embeddedGetRun(e, emb, durationS);
				await embeddedSignupRun(e, emb, durationS);
			},
			idleTargetMiB: 200
		});
	}
	for (const s of subjects) await s.fresh();
	// Let the warm-up's garbage and timers settle before the idle reading.
	await sleep(5000);
	for (const s of subjects) s.idle = read(s.pid());
	for (const s of subjects) {
		const stop = samplePeak(s.pid());
		await s.load();
		s.peak = stop();
		s.endedAt = performance.now();
	}
	for (const s of subjects) {
		await sleep(Math.max(0, s.endedAt! + afterS * 1000 - performance.now()));
		s.after = read(s.pid());
	}
	report(ctx, subjects, afterS);
}

function report(ctx: Context, subjects: Subject[], afterS: number) {
	const rows: Row[] = [];
	const lines: string[][] = [];
	for (const s of subjects) {
		const [idle, peak, after] = [s.idle!, s.peak!, s.after!];
		const withChildren = [idle, peak, after].some((r) => r.children.length > 0);
		rows.push(
			{
				figure: `8. memory, app on ${s.name}: RSS MiB idle / under load (peak) / ${afterS} s after${withChildren ? ' (server + children)' : ''}`,
				app: `${fmt.int(total(idle))} / ${fmt.int(total(peak))} / ${fmt.int(total(after))}`,
				baseline: '',
				ratio: `idle ${fmt.pct(total(idle) / s.idleTargetMiB)} of target`,
				target: `idle ≤ ${s.idleTargetMiB} MiB`,
				verdict: verdict(total(idle) <= s.idleTargetMiB)
			},
			{
				figure: `8. memory, app on ${s.name}: ${afterS} s after the load vs idle`,
				app: `${fmt.int(total(after))} MiB`,
				baseline: '',
				ratio: signedPct(total(after) / total(idle) - 1),
				target: '≤ idle + 20%',
				verdict: verdict(total(after) <= total(idle) * 1.2)
			}
		);
		if (withChildren) {
			rows.push({
				figure: `8. memory, app on ${s.name}: server / children (sum), idle / peak / after`,
				app: [idle, peak, after]
					.map((r) => `${fmt.int(r.server)} / ${fmt.int(childSum(r))}`)
					.join('; '),
				baseline: ''
			});
		}
		for (const [when, r] of [
			['idle', idle],
			['under load (peak)', peak],
			[`${afterS} s after`, after]
		] as const) {
			lines.push([
				s.name,
				when,
				fmt.mib(r.server),
				r.children.map((c) => `${c.pid}: ${fmt.mib(c.mib)}`).join(', ') || '–',
				fmt.mib(total(r))
			]);
		}
	}
	ctx.rows.push(...rows);
	ctx.details.push(
		`#### 8. Resident memory of \`node build\` (RSS; the peak sampled every 250 ms)\n\n` +
			table(['database', 'when', 'server', 'children (pid: RSS)', 'total'], lines)
	);
}
