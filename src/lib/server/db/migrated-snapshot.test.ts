import {
	appendFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from './index';
import { readMigratedSnapshot, snapshotKey, writeMigratedSnapshot } from './migrated-snapshot';
import { rowsOf } from './rows';

const migrationsFolder = path.resolve(import.meta.dirname, '../../../../drizzle');
const scratch = mkdtempSync(path.join(tmpdir(), 'ilmo-snapshot-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
const freshDir = (name: string) => path.join(scratch, `${name}-${++count}`);

/** The migrated snapshot the test run made, with one more table in it: shows where a database came from. */
async function markedSnapshot(): Promise<Uint8Array<ArrayBuffer>> {
	const pglite = await PGlite.create({
		loadDataDir: new Blob([readFileSync(inject('pgliteSnapshot'))])
	});
	try {
		await pglite.exec('CREATE TABLE snapshot_marker (id int)');
		return new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer());
	} finally {
		await pglite.close();
	}
}

async function hasMarker(database: Database): Promise<boolean> {
	const result = await database.db.execute(
		sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'snapshot_marker'`
	);
	return rowsOf<{ n: number }>(result)[0]!.n === 1;
}

/** Tables, columns, indexes, constraints, functions and triggers, and the migration record. */
async function describeSchema(database: Database) {
	const query = async (text: string) => rowsOf(await database.db.execute(sql.raw(text)));
	return {
		columns: await query(`
			SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default
			FROM information_schema.columns
			WHERE table_schema IN ('public', 'drizzle') AND table_name <> 'snapshot_marker'
			ORDER BY 1, 2, 3`),
		indexes: await query(`
			SELECT schemaname, indexname, indexdef FROM pg_indexes
			WHERE schemaname IN ('public', 'drizzle') ORDER BY 1, 2`),
		constraints: await query(`
			SELECT conrelid::regclass::text AS owner, conname, pg_get_constraintdef(oid) AS definition
			FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
		functions: await query(`
			SELECT proname, pg_get_functiondef(oid) AS definition FROM pg_proc
			WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
		triggers: await query(`
			SELECT tgrelid::regclass::text AS owner, tgname FROM pg_trigger
			WHERE NOT tgisinternal ORDER BY 1, 2`),
		migrations: await query(
			'SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at'
		)
	};
}

describe('a new embedded data directory from the migrated snapshot', () => {
	it('starts from the kept snapshot, with the schema and migration record initdb and the migrations give', async () => {
		const snapshotDir = freshDir('kept');
		writeMigratedSnapshot(snapshotDir, snapshotKey(migrationsFolder), await markedSnapshot());

		const fromSnapshot = await openDatabase({
			dataDir: freshDir('data'),
			migrationsFolder,
			snapshotDir
		});
		const fromInitdb = await openDatabase({
			dataDir: freshDir('data'),
			migrationsFolder,
			snapshotDir: false
		});
		try {
			expect(await hasMarker(fromSnapshot)).toBe(true);
			expect(await hasMarker(fromInitdb)).toBe(false);
			const expected = await describeSchema(fromInitdb);
			expect(expected.migrations).toHaveLength(
				readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length
			);
			expect(await describeSchema(fromSnapshot)).toEqual(expected);
		} finally {
			await fromSnapshot.close();
			await fromInitdb.close();
		}
	});

	it('keeps what was written in a directory made from the snapshot', async () => {
		const snapshotDir = freshDir('kept');
		writeMigratedSnapshot(snapshotDir, snapshotKey(migrationsFolder), await markedSnapshot());
		const dataDir = freshDir('data');
		const first = await openDatabase({ dataDir, migrationsFolder, snapshotDir });
		await first.db.execute(sql`INSERT INTO snapshot_marker VALUES (7)`);
		await first.close();
		// The kept snapshot is not read again for a directory that exists.
		rmSync(snapshotDir, { recursive: true, force: true });
		const again = await openDatabase({ dataDir, migrationsFolder, snapshotDir });
		try {
			const rows = rowsOf<{ id: number }>(
				await again.db.execute(sql`SELECT id FROM snapshot_marker`)
			);
			expect(rows).toEqual([{ id: 7 }]);
			expect(existsSync(path.join(dataDir, 'pglite.incomplete'))).toBe(false);
		} finally {
			await again.close();
		}
	});

	it('does not use a snapshot kept for other migrations', async () => {
		const otherMigrations = freshDir('migrations');
		cpSync(migrationsFolder, otherMigrations, { recursive: true });
		const before = snapshotKey(otherMigrations);
		appendFileSync(path.join(otherMigrations, '0000_init.sql'), '\n-- changed\n');
		const changed = snapshotKey(otherMigrations);
		writeFileSync(path.join(otherMigrations, '9999_added.sql'), 'SELECT 1;');
		expect(new Set([before, changed, snapshotKey(otherMigrations)]).size).toBe(3);
		expect(before).toBe(snapshotKey(migrationsFolder));

		const snapshotDir = freshDir('kept');
		writeMigratedSnapshot(snapshotDir, changed, await markedSnapshot());
		const database = await openDatabase({
			dataDir: freshDir('data'),
			migrationsFolder,
			snapshotDir
		});
		try {
			expect(await hasMarker(database)).toBe(false);
		} finally {
			await database.close();
		}
	});

	it('removes a damaged snapshot instead of reading it', async () => {
		const snapshotDir = freshDir('kept');
		const key = snapshotKey(migrationsFolder);
		writeMigratedSnapshot(snapshotDir, key, await markedSnapshot());
		const [name] = readdirSync(snapshotDir);
		const file = path.join(snapshotDir, name!);
		const bytes = readFileSync(file);
		const middle = bytes.length >> 1;
		bytes[middle] = bytes[middle]! ^ 0xff;
		writeFileSync(file, bytes);

		expect(readMigratedSnapshot(snapshotDir, key)).toBeUndefined();
		expect(readdirSync(snapshotDir)).toEqual([]);
	});

	it('runs initdb when the kept snapshot does not load, and forgets that snapshot', async () => {
		const snapshotDir = freshDir('kept');
		// Whole as written, but not a whole data directory: the first half of one.
		const marked = await markedSnapshot();
		writeMigratedSnapshot(
			snapshotDir,
			snapshotKey(migrationsFolder),
			marked.slice(0, marked.length >> 1)
		);
		const database = await openDatabase({
			dataDir: freshDir('data'),
			migrationsFolder,
			snapshotDir
		});
		try {
			const schema = await describeSchema(database);
			expect(schema.migrations.length).toBeGreaterThan(0);
			expect(await hasMarker(database)).toBe(false);
			expect(readdirSync(snapshotDir)).toEqual([]);
		} finally {
			await database.close();
		}
	});

	it('makes again a data directory whose creation did not finish', async () => {
		const dataDir = freshDir('data');
		mkdirSync(path.join(dataDir, 'pglite'), { recursive: true });
		// Half a directory: PG_VERSION written, the rest not (a start killed while loading).
		writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), '17\n');
		writeFileSync(path.join(dataDir, 'pglite.incomplete'), '');
		const database = await openDatabase({ dataDir, migrationsFolder });
		try {
			expect((await describeSchema(database)).migrations.length).toBeGreaterThan(0);
			expect(existsSync(path.join(dataDir, 'pglite.incomplete'))).toBe(false);
		} finally {
			await database.close();
		}
	});
});
