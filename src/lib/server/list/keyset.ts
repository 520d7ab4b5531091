import { and, count, sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db';
import { encodeCursor, type Cursor, type KeyKind, type KeyValue } from './cursor';

/** Staff lists show this many rows a page. */
export const PAGE_SIZE = 50;
/** Counting stops here: past it the list says "more than 1000", and the count stays cheap. */
export const COUNT_CAP = 1000;

/**
 * One column of a list's order. The last key must be unique (the row's id), so that every row has
 * a place of its own and a page boundary never falls between two equal keys. Every key is NOT NULL
 * (coalesce a nullable column): a row comparison with a null in it is neither before nor after.
 */
export interface SortKey {
	expression: SQL;
	kind: KeyKind;
}

export interface KeysetPage<Row> {
	rows: Row[];
	/** The cursor of the page after this one, for `?after=`; null on the last page. */
	next: string | null;
	/** The cursor of the page before this one, for `?before=`; null on the first page. */
	previous: string | null;
}

const CASTS: Record<KeyKind, string> = {
	text: '',
	int: '::int',
	time: '::timestamptz',
	id: '::uuid'
};

function keyParam(value: KeyValue, kind: KeyKind): SQL {
	return sql`${value}${sql.raw(CASTS[kind])}`;
}

/**
 * `(k1, k2, id) > (v1, v2, v3)`: one row comparison, which a b-tree index on the same expressions
 * serves as a range start, so page 100 costs what page 1 costs (no OFFSET walking 4,950 rows).
 */
export function keysetCondition(keys: readonly SortKey[], cursor: Cursor): SQL {
	const columns = sql.join(
		keys.map((key) => key.expression),
		sql`, `
	);
	const values = sql.join(
		keys.map((key, i) => keyParam(cursor.values[i]!, key.kind)),
		sql`, `
	);
	const op = cursor.direction === 'after' ? sql`>` : sql`<`;
	return sql`(${columns}) ${op} (${values})`;
}

/** The ORDER BY for a direction: ascending to read forwards, descending to read back. */
export function keysetOrder(keys: readonly SortKey[], direction: Cursor['direction']): SQL[] {
	return keys.map((key) =>
		direction === 'after' ? sql`${key.expression} ASC` : sql`${key.expression} DESC`
	);
}

/** What a list's query returns for the keyset: its rows with the values of its sort keys. */
export type KeyedRow<Row> = { row: Row; key: KeyValue[] };

/**
 * Reads one page of a list by keyset. `read(where, orderBy, limit)` runs the list's own query with
 * the extra condition (undefined on the first page) and order, and returns each row with its key
 * values (select the sort expressions alongside the columns; times as ISO text, see `timeKey`).
 * One row more than the page is read to know whether another page follows. A cursor that finds
 * nothing (its rows were deleted, or it points past the end) shows the first page.
 */
export async function readKeysetPage<Row>(
	keys: readonly SortKey[],
	cursor: Cursor | null,
	read: (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<KeyedRow<Row>[]>,
	pageSize = PAGE_SIZE
): Promise<KeysetPage<Row>> {
	if (cursor) {
		const found = await read(
			keysetCondition(keys, cursor),
			keysetOrder(keys, cursor.direction),
			pageSize + 1
		);
		if (found.length > 0) {
			const more = found.length > pageSize;
			const shown = found.slice(0, pageSize);
			if (cursor.direction === 'before') shown.reverse();
			const first = shown[0]!;
			const last = shown.at(-1)!;
			return cursor.direction === 'after'
				? {
						rows: shown.map((r) => r.row),
						next: more ? encodeCursor(last.key) : null,
						previous: encodeCursor(first.key)
					}
				: {
						rows: shown.map((r) => r.row),
						next: encodeCursor(last.key),
						previous: more ? encodeCursor(first.key) : null
					};
		}
	}
	const found = await read(undefined, keysetOrder(keys, 'after'), pageSize + 1);
	const shown = found.slice(0, pageSize);
	return {
		rows: shown.map((r) => r.row),
		next: found.length > pageSize ? encodeCursor(shown.at(-1)!.key) : null,
		previous: null
	};
}

/**
 * The keyset page of a list already in memory (one whose rows are derived in code, such as the
 * permission states), so it pages exactly like the lists read from the database: the rows after or
 * before the cursor in `compare` order, which must end in a unique key. `rows` must be sorted by
 * `compare`; `keyOf` gives the values the cursor keeps, and `compare` must order those alone.
 */
export function pageInMemory<Row>(
	rows: readonly Row[],
	keyOf: (row: Row) => KeyValue[],
	compare: (a: KeyValue[], b: KeyValue[]) => number,
	cursor: Cursor | null,
	pageSize = PAGE_SIZE
): KeysetPage<Row> {
	const page = (start: number, end: number): KeysetPage<Row> => {
		const shown = rows.slice(start, end);
		return {
			rows: shown,
			next: end < rows.length ? encodeCursor(keyOf(shown.at(-1)!)) : null,
			previous: start > 0 ? encodeCursor(keyOf(shown[0]!)) : null
		};
	};
	if (cursor) {
		const at = rows.findIndex((row) => compare(keyOf(row), cursor.values) >= 0);
		const index = at === -1 ? rows.length : at;
		if (cursor.direction === 'after') {
			// The first row past the cursor: equal to it means the cursor row itself, shown already.
			const start =
				index < rows.length && compare(keyOf(rows[index]!), cursor.values) === 0
					? index + 1
					: index;
			if (start < rows.length) return page(start, Math.min(rows.length, start + pageSize));
		} else if (index > 0) {
			return page(Math.max(0, index - pageSize), index);
		}
	}
	return page(0, Math.min(rows.length, pageSize));
}

/** A timestamp key as the cursor stores it: ISO text in UTC, to the microsecond it is kept to. */
export function timeKey(expression: SQL | AnyColumn): SQL<string> {
	return sql<string>`to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface CappedCount {
	/** The rows that match, up to COUNT_CAP. */
	count: number;
	/** True when more than COUNT_CAP match: show "more than {count}". */
	more: boolean;
}

/**
 * How many rows a list's query matches, counting no further than `cap`: a whole count of 10,000
 * contacts reads them all on every page, the capped one at most `cap` index entries. Pass the
 * list's query selecting anything, without order or limit.
 */
export async function countUpTo(
	db: Db,
	query: { limit(n: number): SQLWrapper },
	cap = COUNT_CAP
): Promise<CappedCount> {
	const [row] = await db.select({ n: count() }).from(sql`(${query.limit(cap + 1)}) AS "capped"`);
	const n = row?.n ?? 0;
	return { count: Math.min(n, cap), more: n > cap };
}

/** A page of a staff list with how many rows match in all, up to COUNT_CAP. */
export interface ListPage<Row> extends KeysetPage<Row> {
	total: CappedCount;
}

/**
 * One page of a staff list and its capped count, the two reads every searched list makes. `where`
 * is the list's filter; `read` gets it already narrowed to the page (see readKeysetPage).
 */
export async function readListPage<Row>(
	db: Db,
	list: {
		/** The list's rows for counting: any column, filtered by `where`, no order or limit. */
		matching: { limit(n: number): SQLWrapper };
		where: SQL | undefined;
		keys: readonly SortKey[];
		cursor: Cursor | null;
		read: (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<KeyedRow<Row>[]>;
	}
): Promise<ListPage<Row>> {
	const total = await countUpTo(db, list.matching);
	const page = await readKeysetPage(list.keys, list.cursor, (after, orderBy, limit) =>
		list.read(and(list.where, after), orderBy, limit)
	);
	return { ...page, total };
}
