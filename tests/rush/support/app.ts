/**
 * Production app instances for the rush tests: `node build` as child processes on free ports, each
 * with its own data directory, all against one PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/postgres-server';

export const root = path.resolve(import.meta.dirname, '../../..');
/** The build under test; scripts/test.ts runs these tests after `vite build`. */
export const buildEntry = path.resolve(
	process.env.ILMO_RUSH_BUILD ?? path.join(root, 'build/index.js')
);

/** Shared by every instance, so they hash client addresses alike and share rate-limit buckets. */
export const RATE_KEY = 'rush-test-rate-key-0123456789abcdef';

export interface AppOptions {
	databaseUrl: string;
	/** Where mail goes; omitted → .eml files in the instance's data directory. */
	smtpUrl?: string;
	/** Reuse a port (a restart after a kill keeps the instance's address). */
	port?: number;
	/** Added to the environment; undefined removes a variable the harness would set. */
	env?: Record<string, string | undefined>;
	name?: string;
}

export interface AppInstance {
	name: string;
	origin: string;
	port: number;
	child: ChildProcess;
	/** Everything the process wrote, for diagnosis when a test fails. */
	output(): string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
	options: AppOptions;
}

const running = new Set<AppInstance>();

export async function startApp(options: AppOptions): Promise<AppInstance> {
	if (!existsSync(buildEntry)) {
		throw new Error(`${buildEntry} is missing: the rush tests run against the production build`);
	}
	const port = options.port ?? (await freePort());
	const origin = `http://127.0.0.1:${port}`;
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-rush-data-'));
	const name = options.name ?? `app:${port}`;
	const env: Record<string, string | undefined> = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		NODE_ENV: 'production',
		DATABASE_URL: options.databaseUrl,
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: origin,
		ILMO_DATA_DIR: dataDir,
		ILMO_RATE_KEY: RATE_KEY,
		// Production refuses to start without it; the same on every instance, as in a deployment.
		ILMO_SECRET_KEY: 'rush-test-secret-key-0123456789abcdef',
		ILMO_RATE_LIMIT_SIGNUPS: '100000/1m',
		ILMO_RATE_LIMIT_LOGINS: '100000/1m',
		MAIL_FROM: 'Wetteri Trucks <noreply@wetteritrucks.fi>',
		...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
		...options.env
	};
	const child = spawn(process.execPath, [buildEntry], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined))
	});
	let log = '';
	const keep = (chunk: Buffer) => {
		log += chunk.toString('utf8');
		if (log.length > 200_000) log = log.slice(-100_000);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => {
			running.delete(instance);
			rmSync(dataDir, { recursive: true, force: true });
			resolve({ code, signal });
		})
	);
	const instance: AppInstance = {
		name,
		origin,
		port,
		child,
		output: () => log,
		exited,
		options,
		async stop(graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
	};
	running.add(instance);
	try {
		await waitHealthy(instance, 30_000);
	} catch (error) {
		await instance.stop(1000);
		throw new Error(`${name} did not become healthy: ${(error as Error).message}\n${log}`, {
			cause: error
		});
	}
	return instance;
}

/** A restarted instance on the same port, database and mail settings. */
export function restartApp(instance: AppInstance): Promise<AppInstance> {
	return startApp({ ...instance.options, port: instance.port, name: instance.name });
}

/** Polls /healthz until it answers 200. */
export async function waitHealthy(app: Pick<AppInstance, 'origin' | 'child'>, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (app.child.exitCode !== null || app.child.signalCode !== null) {
			throw new Error(`the process exited (${app.child.exitCode ?? app.child.signalCode})`);
		}
		try {
			const response = await fetch(`${app.origin}/healthz`, { signal: AbortSignal.timeout(3000) });
			await response.arrayBuffer();
			if (response.status === 200) return;
			last = `status ${response.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`/healthz not 200 within ${timeoutMs} ms (${last})`);
}

/** Stops every instance still running; for afterAll/afterEach. */
export async function stopAllApps() {
	await Promise.all([...running].map((app) => app.stop(5000)));
}
