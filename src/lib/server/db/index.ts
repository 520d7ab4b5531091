import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';
import { acquireDirectoryLock, type DirectoryLock } from './lock';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; domain functions that must join a caller's transaction take this. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
	db: Db;
	kind: 'pglite' | 'postgres';
	/** Throws when the server does not answer. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** A PostgreSQL URL; without it the embedded PGlite database is used. */
	url?: string;
	/** PGlite's parent directory (the data lives in `<dataDir>/pglite`); omitted → in memory. */
	dataDir?: string;
	/** postgres.js pool size. */
	maxConnections?: number;
	migrationsFolder?: string;
	/**
	 * A PGlite data directory dumped with `dumpDataDir`, to start the in-memory database from instead
	 * of an empty one: the tests load an already-migrated one, skipping PGlite's initdb (about 2 s).
	 */
	loadDataDir?: Blob;
}

// A fixed key: every Ilmo instance on one database serialises its migrations on it.
const MIGRATION_LOCK_KEY = 74_531_102;

export function defaultMigrationsFolder(): string {
	return path.resolve('drizzle');
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
	return options.url
		? openPostgres(options.url, options.maxConnections ?? 10, migrationsFolder)
		: openPglite(options.dataDir, migrationsFolder, options.loadDataDir);
}

async function openPostgres(url: string, max: number, migrationsFolder: string): Promise<Database> {
	// Migrations run on a single-connection client so the session-level advisory lock, the
	// migration transaction and the unlock all happen on the same reserved connection.
	const migrator = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await migrator`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
		try {
			await migratePostgres(drizzlePostgres(migrator), { migrationsFolder });
		} finally {
			await migrator`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
		}
	} finally {
		await migrator.end();
	}

	const client = postgres(url, {
		max,
		onnotice: () => {},
		// While the server is away (restart, fail-over) every query must fail fast so the request is
		// answered 503, instead of waiting out postgres.js' defaults: 30 s per connection attempt and
		// a reconnect back-off that grows to 20 s. Kept short, the pool also recovers by itself
		// within about a second of the server's return.
		connect_timeout: 5,
		backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1)
	});
	const db = drizzlePostgres(client, { schema }) as unknown as Db;
	return {
		db,
		kind: 'postgres',
		ping: async () => {
			await db.execute(sql`SELECT 1`);
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * PGlite keeps PostgreSQL's shared buffers in this process's WebAssembly heap, all of it resident:
 * initdb's 128 MB was half of an idle server's memory. 16 MB holds a small installation's working
 * set; a page that does not fit is read again from the operating system's file cache. Given as
 * start parameters, so that data directories made with the old setting take it too.
 */
const PGLITE_START = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

async function openPglite(
	dataDir: string | undefined,
	migrationsFolder: string,
	loadDataDir?: Blob
): Promise<Database> {
	let lock: DirectoryLock | undefined;
	let client: PGlite;
	if (dataDir) {
		mkdirSync(dataDir, { recursive: true });
		lock = acquireDirectoryLock(path.join(dataDir, 'pglite.lock'));
		try {
			client = await PGlite.create(path.join(dataDir, 'pglite'), { startParams: PGLITE_START });
		} catch (error) {
			lock.release();
			throw error;
		}
	} else {
		client = await PGlite.create({ loadDataDir, startParams: PGLITE_START });
	}
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	try {
		await migratePglite(drizzlePglite(client), { migrationsFolder });
	} catch (error) {
		await client.close();
		lock?.release();
		throw error;
	}
	return {
		db,
		kind: 'pglite',
		ping: async () => {
			await db.execute(sql`SELECT 1`);
		},
		close: async () => {
			await client.close();
			lock?.release();
		}
	};
}
