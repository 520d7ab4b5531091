import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { createDatabase } from './postgres-server';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');

/**
 * A fresh, migrated database of the given kind: an in-memory PGlite, or a new database on the real
 * PostgreSQL server the global set-up provides.
 */
export async function openTestDatabase(
	kind: DatabaseKind,
	options: { maxConnections?: number } = {}
): Promise<Database> {
	if (kind === 'pglite') return openDatabase({ migrationsFolder });
	const url = await createDatabase(inject('postgresUrl'));
	return openDatabase({ url, migrationsFolder, maxConnections: options.maxConnections ?? 10 });
}
