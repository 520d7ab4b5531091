import path from 'node:path';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { keptMigratedSnapshot, removeMigratedSnapshot } from './migrated-snapshot';

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
	/**
	 * Where a new data directory's migrated snapshot is kept (migrated-snapshot.ts; default
	 * node_modules/.cache/ilmo), or false to keep none.
	 */
	snapshotDir?: string | false;
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
		: openPglite(options, migrationsFolder);
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

/**
 * A new data directory starts from the kept migrated snapshot when there is one (`npm install` makes
 * it): PGlite loads it as it would load its own initdb's, and the migrations then find nothing to
 * do. Without one, or when it does not load (it is then forgotten), PGlite runs initdb. A marker
 * file stands beside the directory until it is whole and migrated, so that a start interrupted
 * half-way (killed, disk full) is made again instead of being taken for a database.
 */
async function createPgliteDirectory(
	pgdata: string,
	options: OpenOptions,
	migrationsFolder: string
): Promise<PGlite> {
	const marker = `${pgdata}.incomplete`;
	writeFileSync(marker, '');
	const snapshotOptions = { migrationsFolder, snapshotDir: options.snapshotDir };
	const snapshot = keptMigratedSnapshot(snapshotOptions);
	const create = async (loadDataDir?: Blob) => {
		const client = await PGlite.create(pgdata, { loadDataDir, startParams: PGLITE_START });
		try {
			await migratePglite(drizzlePglite(client), { migrationsFolder });
		} catch (error) {
			await client.close();
			throw error;
		}
		return client;
	};
	let client: PGlite | undefined;
	if (snapshot) {
		try {
			client = await create(new Blob([snapshot]));
		} catch (error) {
			console.warn(`[ilmo] The kept database snapshot did not load (${error}): running initdb.`);
			removeMigratedSnapshot(snapshotOptions);
			rmSync(pgdata, { recursive: true, force: true });
		}
	}
	client ??= await create();
	rmSync(marker, { force: true });
	return client;
}

async function openPglite(options: OpenOptions, migrationsFolder: string): Promise<Database> {
	const { dataDir } = options;
	let lock: DirectoryLock | undefined;
	let client: PGlite;
	let migrated = false;
	if (dataDir) {
		mkdirSync(dataDir, { recursive: true });
		lock = acquireDirectoryLock(path.join(dataDir, 'pglite.lock'));
		const pgdata = path.join(dataDir, 'pglite');
		try {
			// Left by a creation that did not finish: nothing in it was ever used.
			if (existsSync(`${pgdata}.incomplete`)) rmSync(pgdata, { recursive: true, force: true });
			if (existsSync(path.join(pgdata, 'PG_VERSION'))) {
				client = await PGlite.create(pgdata, { startParams: PGLITE_START });
			} else {
				client = await createPgliteDirectory(pgdata, options, migrationsFolder);
				migrated = true;
			}
		} catch (error) {
			lock.release();
			throw error;
		}
	} else {
		client = await PGlite.create({ loadDataDir: options.loadDataDir, startParams: PGLITE_START });
	}
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	try {
		if (!migrated) await migratePglite(drizzlePglite(client), { migrationsFolder });
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
