import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { inject, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from './index';
import { rowsOf } from './rows';
import { createDatabase, startEmbeddedPostgres } from '$tests/postgres-server';

const migrationsFolder = path.resolve(import.meta.dirname, '../../../../drizzle');

async function sharedBuffers(database: Database): Promise<string | undefined> {
	const result = await database.db.execute(sql`SHOW shared_buffers`);
	return rowsOf<{ shared_buffers: string }>(result)[0]?.shared_buffers;
}

describe('opening the database', () => {
	it('lets several instances start together on one PostgreSQL database', async () => {
		const url = await createDatabase(inject('postgresUrl'));
		const instances = await Promise.all(
			Array.from({ length: 4 }, () => openDatabase({ url, migrationsFolder, maxConnections: 2 }))
		);
		try {
			const sql = postgres(url, { max: 1, onnotice: () => {} });
			const applied = await sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
			const tables = await sql`
				SELECT count(*)::int AS n FROM information_schema.tables
				WHERE table_schema = 'public' AND table_name IN ('event', 'registration', 'email_outbox')`;
			await sql.end();
			const files = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql'));
			expect(applied[0]!.n).toBe(files.length);
			expect(tables[0]!.n).toBe(3);
			await Promise.all(instances.map((i) => i.ping()));
		} finally {
			await Promise.all(instances.map((i) => i.close()));
		}
	});

	it('reports an unreachable server through ping', async () => {
		const server = await startEmbeddedPostgres();
		const url = await createDatabase(server.url);
		const database = await openDatabase({ url, migrationsFolder, maxConnections: 1 });
		try {
			await database.ping();
			await server.stop();
			await expect(database.ping()).rejects.toThrow();
		} finally {
			await database.close().catch(() => {});
		}
	});

	it('opens an embedded database in memory with the same migrations', async () => {
		const database = await openDatabase({ migrationsFolder });
		try {
			expect(database.kind).toBe('pglite');
			await database.ping();
			expect(await sharedBuffers(database)).toBe('16MB');
		} finally {
			await database.close();
		}
	});

	// PGlite's buffers are resident memory of the app's own process: initdb's 128 MB default made
	// an idle server on the embedded database take some 160 MB more.
	it('keeps the embedded database’s shared buffers small in a data directory', async () => {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'ilmo-db-'));
		try {
			const database = await openDatabase({ dataDir, migrationsFolder });
			try {
				expect(await sharedBuffers(database)).toBe('16MB');
			} finally {
				await database.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 90_000);
});
