import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { rowsOf } from '../../src/lib/server/db/rows';
import { DATABASE_KINDS, openTestDatabase } from './databases';
import { createDatabase } from './postgres-server';

const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');
const migrationCount = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;

describe('test databases start as copies of a migrated one', () => {
	it('starts an in-memory PGlite from a dumped data directory', async () => {
		const source = await PGlite.create();
		await source.exec(
			`CREATE TABLE marker (note text); INSERT INTO marker VALUES ('from the dump')`
		);
		const dump = await source.dumpDataDir('none');
		await source.close();

		const database = await openDatabase({ migrationsFolder, loadDataDir: dump });
		try {
			const rows = await database.db.execute(sql`SELECT note FROM marker`);
			expect(rowsOf(rows)).toEqual([{ note: 'from the dump' }]);
		} finally {
			await database.close();
		}
		// PGlite's initdb for the source takes half a minute on a machine busy with other work.
	}, 120_000);

	it('creates a PostgreSQL database as a copy of a template', async () => {
		const serverUrl = inject('postgresUrl');
		const templateUrl = await createDatabase(serverUrl, 'ilmo_test_template');
		const template = postgres(templateUrl, { max: 1, onnotice: () => {} });
		await template.unsafe(`CREATE TABLE marker (note text); INSERT INTO marker VALUES ('copied')`);
		await template.end();

		const copyUrl = await createDatabase(
			serverUrl,
			'ilmo_test',
			new URL(templateUrl).pathname.slice(1)
		);
		const copy = postgres(copyUrl, { max: 1, onnotice: () => {} });
		try {
			expect(await copy`SELECT note FROM marker`).toEqual([{ note: 'copied' }]);
		} finally {
			await copy.end();
		}
	});

	it.each(DATABASE_KINDS)('opens a %s database with every migration applied', async (kind) => {
		const database = await openTestDatabase(kind);
		try {
			const applied = await database.db.execute(
				sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`
			);
			expect(rowsOf(applied)).toEqual([{ n: migrationCount }]);
		} finally {
			await database.close();
		}
	});
});
