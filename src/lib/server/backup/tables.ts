/**
 * What to back up, read from the catalog at run time: every table of the public schema, so a
 * table added by a later migration is in the next backup without anyone remembering to list it.
 * Drizzle's own bookkeeping lives in the `drizzle` schema and is left out: the target database
 * has its own, made by its migrations.
 */
import { rowsOf } from '../db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';

export type Runner = Db | Tx;

export interface TableInfo {
	name: string;
	/** Stored columns in table order; generated columns are left out (PostgreSQL computes them). */
	columns: string[];
	primaryKey: string[];
	/** Columns of type json or jsonb, written wrapped (see format.ts). */
	json: string[];
	/** Other tables this one has foreign keys to. */
	parents: string[];
	/** Columns owned by a sequence (serial or identity) with the sequence's qualified name. */
	sequences: { column: string; sequence: string }[];
}

/** Rows of a query on either driver: postgres.js returns an array, PGlite an object holding it. */
export async function rows<T>(db: Runner, query: SQL): Promise<T[]> {
	return rowsOf<T>(await db.execute(query));
}

export function table(name: string): SQL {
	return sql`${sql.identifier('public')}.${sql.identifier(name)}`;
}

export function columnList(columns: string[]): SQL {
	return sql.join(
		columns.map((c) => sql.identifier(c)),
		sql`, `
	);
}

const BOOKKEEPING = new Set(['__drizzle_migrations']);

/** Every public table, parents before children (the order to insert in; reverse it to delete). */
export async function listTables(db: Runner): Promise<TableInfo[]> {
	const found = await rows<{ name: string }>(
		db,
		sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`
	);
	const columns = await rows<{ table: string; name: string; json: boolean }>(
		db,
		sql`SELECT c.relname AS table, a.attname AS name,
				a.atttypid IN ('json'::regtype, 'jsonb'::regtype) AS json
			FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
			ORDER BY c.relname, a.attnum`
	);
	const keys = await rows<{ table: string; name: string }>(
		db,
		sql`SELECT c.relname AS table, a.attname AS name
			FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
			WHERE n.nspname = 'public' AND i.indisprimary
			ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)`
	);
	const links = await rows<{ child: string; parent: string }>(
		db,
		sql`SELECT child.relname AS child, parent.relname AS parent
			FROM pg_constraint f JOIN pg_class child ON child.oid = f.conrelid
			JOIN pg_class parent ON parent.oid = f.confrelid
			JOIN pg_namespace n ON n.oid = child.relnamespace
			JOIN pg_namespace pn ON pn.oid = parent.relnamespace
			WHERE f.contype = 'f' AND n.nspname = 'public' AND pn.nspname = 'public'`
	);
	const sequences = await rows<{ table: string; column: string; sequence: string }>(
		db,
		sql`SELECT * FROM (
				SELECT c.relname AS table, a.attname AS column,
					pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
				FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
				JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0
					AND NOT a.attisdropped
			) s WHERE sequence IS NOT NULL`
	);
	const byName = new Map<string, TableInfo>();
	for (const { name } of found) {
		if (BOOKKEEPING.has(name)) continue;
		byName.set(name, { name, columns: [], primaryKey: [], json: [], parents: [], sequences: [] });
	}
	for (const c of columns) {
		byName.get(c.table)?.columns.push(c.name);
		if (c.json) byName.get(c.table)?.json.push(c.name);
	}
	for (const k of keys) byName.get(k.table)?.primaryKey.push(k.name);
	for (const s of sequences) byName.get(s.table)?.sequences.push(s);
	for (const l of links) {
		const child = byName.get(l.child);
		// A table pointing at itself is loaded in one statement (see restore.ts), so it is no edge.
		if (child && l.parent !== l.child && byName.has(l.parent) && !child.parents.includes(l.parent))
			child.parents.push(l.parent);
	}
	return dependencyOrder([...byName.values()]);
}

/** Kahn's algorithm; ties broken by name so the order (and the backup file) is stable. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
	const waiting = new Map(tables.map((t) => [t.name, new Set(t.parents)]));
	const ordered: TableInfo[] = [];
	const byName = new Map(tables.map((t) => [t.name, t]));
	while (waiting.size > 0) {
		const ready = [...waiting].filter(([, parents]) => parents.size === 0).map(([name]) => name);
		if (ready.length === 0) {
			// Two tables that must each exist before the other: only deferrable constraints could
			// load them, and Ilmo's schema has none. Say which, rather than fail on some row.
			throw new Error(
				`Foreign keys form a cycle between: ${[...waiting.keys()].sort().join(', ')}`
			);
		}
		for (const name of ready.sort()) {
			ordered.push(byName.get(name)!);
			waiting.delete(name);
			for (const parents of waiting.values()) parents.delete(name);
		}
	}
	return ordered;
}

/**
 * The schema version: `created_at` of the last migration drizzle applied, which is the `when` of
 * its journal entry. It only grows, so comparing two numbers says which schema is newer.
 */
export async function schemaVersion(db: Runner): Promise<number> {
	const [row] = await rows<{ version: string | null }>(
		db,
		sql`SELECT max(created_at)::text AS version FROM drizzle.__drizzle_migrations`
	);
	if (!row?.version) throw new Error('The database has no migrations applied.');
	return Number(row.version);
}
