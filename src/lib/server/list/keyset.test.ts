import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Database } from '../db';
import { searchKey } from '../db/search-key';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import {
	countUpTo,
	encodeCursor,
	parseListQuery,
	readKeysetPage,
	timeKey,
	type Cursor,
	type SortKey
} from './index';

const probe = pgTable('keyset_probe', {
	id: uuid('id').primaryKey(),
	name: text('name').notNull(),
	at: timestamp('at', { withTimezone: true }).notNull()
});

const nameKeys: SortKey[] = [
	{ expression: searchKey(probe.name), kind: 'text' },
	{ expression: sql`${probe.id}`, kind: 'id' }
];
const timeKeys: SortKey[] = [
	{ expression: sql`${probe.at}`, kind: 'time' },
	{ expression: sql`${probe.id}`, kind: 'id' }
];

const params = (text: string) => new URLSearchParams(text);

describe('list query parsing', () => {
	const spec = { status: ['all', 'open'], archived: ['', '1'] } as const;
	it('keeps allowed filter values and puts the default in place of any other', () => {
		const query = parseListQuery(params('q=  Sanna   Häm &status=open&archived=yes'), spec, []);
		expect(query).toEqual({
			q: 'Sanna Häm',
			filters: { status: 'open', archived: '' },
			cursor: null
		});
		expect(parseListQuery(params('status=OPEN&archived=1'), spec, []).filters).toEqual({
			status: 'all',
			archived: '1'
		});
	});

	it('reads a cursor only when it fits the sort keys, and never both directions', () => {
		const id = randomUUID();
		const good = encodeCursor(['virtanen', id]);
		expect(parseListQuery(params(`after=${good}`), spec, ['text', 'id']).cursor).toEqual({
			direction: 'after',
			values: ['virtanen', id]
		});
		expect(parseListQuery(params(`before=${good}`), spec, ['text', 'id']).cursor?.direction).toBe(
			'before'
		);
		for (const bad of [
			`after=${good}&before=${good}`,
			`after=${encodeCursor(['virtanen', 'not-an-id'])}`,
			`after=${encodeCursor([1, id])}`,
			`after=${encodeCursor(['virtanen'])}`,
			`after=${encodeCursor({ a: 1 } as never)}`,
			'after=%%%',
			'after=bm90IGpzb24',
			`after=${'A'.repeat(5000)}`
		]) {
			expect(parseListQuery(params(bad), spec, ['text', 'id']).cursor, bad).toBeNull();
		}
		// A time is kept to the microsecond: cut to the millisecond it would repeat a row.
		const time = (at: string) =>
			parseListQuery(params(`after=${encodeCursor([at, id])}`), spec, ['time', 'id']).cursor;
		expect(time('2026-01-01T00:00:00.000Z')).toBeNull();
		expect(time('2026-13-01T00:00:00.000000Z')).toBeNull();
		expect(time('2026-01-01T00:00:00.000123Z')?.values).toEqual([
			'2026-01-01T00:00:00.000123Z',
			id
		]);
		// The order decides which cursor fits: a name cursor is no time cursor.
		const byTime = (filters: { status: string }) =>
			filters.status === 'open' ? (['time', 'id'] as const) : (['text', 'id'] as const);
		expect(parseListQuery(params(`status=open&after=${good}`), spec, byTime).cursor).toBeNull();
	});
});

describe.each(DATABASE_KINDS)('keyset pages on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		await database.db.execute(
			sql`CREATE TABLE keyset_probe (id uuid PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL)`
		);
	});
	afterAll(async () => {
		await database?.close();
	});

	const readPage = (keys: SortKey[], cursor: Cursor | null, pageSize: number) =>
		readKeysetPage(
			keys,
			cursor,
			async (where, orderBy, limit) =>
				(
					await database.db
						.select({
							id: probe.id,
							name: probe.name,
							nameKey: searchKey(probe.name),
							at: timeKey(probe.at)
						})
						.from(probe)
						.where(where)
						.orderBy(...orderBy)
						.limit(limit)
				).map((row) => ({
					row: row.id,
					key: keys === nameKeys ? [row.nameKey, row.id] : [row.at, row.id]
				})),
			pageSize
		);
	const decoded = (direction: Cursor['direction'], token: string | null) =>
		parseListQuery(params(`${direction}=${token}`), {}, ['text', 'id']).cursor;

	it('walks forwards and back through ties without skipping or repeating a row', async () => {
		// 23 rows and only three names: every page boundary falls inside a run of equal names.
		const names = ['Äijälä', 'virta', 'Virta'];
		for (let i = 0; i < 23; i++) {
			await database.db
				.insert(probe)
				.values({ id: randomUUID(), name: names[i % 3]!, at: new Date() });
		}
		const all = (
			await database.db
				.select({ id: probe.id })
				.from(probe)
				.orderBy(searchKey(probe.name), probe.id)
		).map((r) => r.id);

		const forwards: string[][] = [];
		let page = await readPage(nameKeys, null, 5);
		expect(page.previous).toBeNull();
		forwards.push(page.rows);
		while (page.next) {
			page = await readPage(nameKeys, decoded('after', page.next), 5);
			forwards.push(page.rows);
		}
		expect(forwards.map((rows) => rows.length)).toEqual([5, 5, 5, 5, 3]);
		expect(forwards.flat()).toEqual(all);

		const backwards: string[][] = [page.rows];
		while (page.previous) {
			page = await readPage(nameKeys, decoded('before', page.previous), 5);
			backwards.unshift(page.rows);
		}
		expect(backwards).toEqual(forwards);
		expect(page.next).not.toBeNull();
	});

	it('keeps its place when rows arrive between two page loads', async () => {
		await database.db.execute(sql`DELETE FROM keyset_probe`);
		const base = Date.UTC(2026, 0, 1);
		// Equal times, to the microsecond kept by PostgreSQL: the id alone orders them.
		for (let i = 0; i < 6; i++) {
			await database.db.execute(
				sql`INSERT INTO keyset_probe VALUES (${randomUUID()}::uuid, 'x', ${new Date(base + (i % 2)).toISOString()}::timestamptz + interval '0.000123 seconds')`
			);
		}
		const first = await readPage(timeKeys, null, 4);
		// Someone signs up before and after the page boundary.
		await database.db.insert(probe).values([
			{ id: randomUUID(), name: 'early', at: new Date(base - 1000) },
			{ id: randomUUID(), name: 'late', at: new Date(base + 5000) }
		]);
		const cursor = parseListQuery(params(`after=${first.next}`), {}, ['time', 'id']).cursor;
		const second = await readPage(timeKeys, cursor, 4);
		const rows = await database.db.select({ id: probe.id, name: probe.name }).from(probe);
		const nameOf = new Map(rows.map((r) => [r.id, r.name]));
		expect(second.rows.map((id) => nameOf.get(id))).toEqual(['x', 'x', 'late']);
		expect(new Set([...first.rows, ...second.rows]).size).toBe(7);
	});

	it('shows the first page for a cursor that finds nothing', async () => {
		const past = await readPage(
			nameKeys,
			{ direction: 'after', values: ['zzzz', randomUUID()] },
			3
		);
		const first = await readPage(nameKeys, null, 3);
		expect(past).toEqual(first);
		expect(first.rows).toHaveLength(3);
	});

	it('counts up to its cap and says when there are more', async () => {
		const query = () => database.db.select({ id: probe.id }).from(probe);
		expect(await countUpTo(database.db, query(), 100)).toEqual({ count: 8, more: false });
		expect(await countUpTo(database.db, query(), 8)).toEqual({ count: 8, more: false });
		expect(await countUpTo(database.db, query(), 5)).toEqual({ count: 5, more: true });
	});
});
