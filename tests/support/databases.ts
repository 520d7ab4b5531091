import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { createDatabase } from './postgres-server';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');

let pgliteSnapshot: Blob | undefined;

/** The global set-up's migrated PGlite data directory, read once per test file. */
function readPgliteSnapshot(): Blob {
	pgliteSnapshot ??= new Blob([readFileSync(inject('pgliteSnapshot'))]);
	return pgliteSnapshot;
}

/**
 * A fresh, migrated database of the given kind: an in-memory PGlite, or a new database on the real
 * PostgreSQL server the global set-up provides. Both start as copies of the global set-up's migrated
 * ones; the migrations still run on them, and find nothing left to do.
 */
export async function openTestDatabase(
	kind: DatabaseKind,
	options: { maxConnections?: number } = {}
): Promise<Database> {
	if (kind === 'pglite')
		return openDatabase({ migrationsFolder, loadDataDir: readPgliteSnapshot() });
	const url = await createDatabase(inject('postgresUrl'), 'ilmo_test', inject('postgresTemplate'));
	return openDatabase({ url, migrationsFolder, maxConnections: options.maxConnections ?? 10 });
}
