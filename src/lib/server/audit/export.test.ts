import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db';
import { auditEvent } from '../db/schema';
import { makeStaff } from '../attendees/test-helpers';
import { DATABASE_KINDS, openTestDatabase } from '../../../../tests/support/databases';
import { exportAudit, type AuditCsvLabels } from './export';
import { auditTime, formatDetails } from './format';

const labels: AuditCsvLabels = {
	columns: {
		at: 'Time',
		actor: 'Actor',
		action: 'Action',
		subjectType: 'Subject type',
		subjectId: 'Subject id',
		count: 'Count',
		details: 'Details'
	},
	actorKinds: { system: 'System', anonymous: 'Anonymous' }
};

async function collect(chunks: AsyncIterable<string>) {
	let text = '';
	for await (const chunk of chunks) text += chunk;
	return text;
}

describe('audit formatting', () => {
	it('writes times in Finnish time, to the second', () => {
		expect(auditTime(new Date('2026-07-01T06:30:05Z'))).toBe('2026-07-01 09:30:05');
		expect(auditTime(new Date('2026-01-15T06:30:05Z'))).toBe('2026-01-15 08:30:05');
	});

	it('writes details as key: value pairs', () => {
		expect(formatDetails({ eventId: 'e1', count: 2, searched: false, fields: ['a', 'b'] })).toBe(
			'eventId: e1, count: 2, searched: false, fields: ["a","b"]'
		);
		expect(formatDetails(null)).toBe('');
		expect(formatDetails({ promotedId: null })).toBe('promotedId: –');
	});
});

describe.each(DATABASE_KINDS)('audit trail export on %s', (kind) => {
	let database: Database;
	let db: Db;
	let admin: { id: string; displayName: string };

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		db = database.db;
		admin = await makeStaff(db, 'admin');
		const at = new Date('2026-03-02T08:00:00Z');
		// One instant for all: batches must page through ties by id without repeating or losing rows.
		await db.insert(auditEvent).values(
			Array.from({ length: 23 }, (_, i) => ({
				actorKind: 'system',
				action: 'bulk.exported',
				at,
				count: i,
				details: { n: i }
			}))
		);
		await db.insert(auditEvent).values({
			actorKind: 'anonymous',
			action: 'bulk.formula',
			at,
			subjectType: 'staff_user',
			// Stored text a spreadsheet would run as a formula.
			subjectId: '=HYPERLINK("http://example.com")'
		});
	});

	afterAll(async () => {
		await database?.close();
	});

	it('streams every matching row once, newest first, after a BOM and header', async () => {
		const { count, chunks } = await exportAudit(
			db,
			admin,
			{ action: 'bulk.exported' },
			{ labels, batchSize: 5 }
		);
		expect(count).toBe(23);
		const text = await collect(chunks);
		expect(
			text.startsWith('\uFEFFTime;Actor;Action;Subject type;Subject id;Count;Details\r\n')
		).toBe(true);
		const lines = text.slice(1).split('\r\n').slice(1, -1);
		expect(lines).toHaveLength(23);
		expect(lines.map((line) => Number(line.split(';')[5]))).toEqual(
			Array.from({ length: 23 }, (_, i) => 22 - i)
		);
		expect(lines[0]).toBe('2026-03-02 10:00:00;System;bulk.exported;;;22;n: 22');
	});

	it('pages through times that differ only in microseconds, which a Date cannot hold', async () => {
		await db.insert(auditEvent).values(
			Array.from({ length: 6 }, (_, i) => ({
				actorKind: 'system',
				action: 'bulk.micro',
				at: sql`${`2026-03-02T08:00:00.00000${i + 1}Z`}::timestamptz`,
				count: i
			}))
		);
		const { chunks } = await exportAudit(
			db,
			admin,
			{ action: 'bulk.micro' },
			{ labels, batchSize: 2 }
		);
		const lines = (await collect(chunks)).split('\r\n').slice(1, -1);
		expect(lines.map((line) => Number(line.split(';')[5]))).toEqual([5, 4, 3, 2, 1, 0]);
	});

	it('keeps formulas inert and names actors without an account', async () => {
		const { chunks } = await exportAudit(db, admin, { action: 'bulk.formula' }, { labels });
		const [, row] = (await collect(chunks)).split('\r\n');
		expect(row).toBe(
			'2026-03-02 10:00:00;Anonymous;bulk.formula;staff_user;"\'=HYPERLINK(""http://example.com"")";;'
		);
	});

	it('records audit.exported with the count, and leaves its own event out of the file', async () => {
		const { count, chunks } = await exportAudit(
			db,
			admin,
			{ actorId: admin.id },
			{ labels, separator: ',' }
		);
		const [exported] = await db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'audit.exported'), eq(auditEvent.actorId, admin.id)))
			.orderBy(desc(auditEvent.id))
			.limit(1);
		expect(exported).toMatchObject({ count, subjectType: 'staff_user', subjectId: admin.id });
		expect(exported!.details).toMatchObject({ actorId: admin.id, separator: ',' });
		const text = await collect(chunks);
		// The earlier exports by this admin are in it, this one is not.
		expect(count).toBe(3);
		expect(text.split('\r\n').slice(1, -1)).toHaveLength(3);
		expect(text).toContain(`${admin.displayName},audit.exported`);
	});
});
