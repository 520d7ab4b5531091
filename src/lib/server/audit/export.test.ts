import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db';
import { auditEvent } from '../db/schema';
import { makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { exportAudit, type AuditExportLabels } from './export';
import type { Sheet, SheetFile } from '../spreadsheet';
import { csvChunks, xlsxStream } from '../spreadsheet';
import { bytesOf, formulaCells, readSheet, textOf } from '$tests/spreadsheet-reader';
import { auditTime, formatDetails } from './format';

const labels: AuditExportLabels = {
	sheet: 'Audit',
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

const SEMICOLON: SheetFile = { format: 'csv', separator: ';' };

/** The export's CSV text, as its route would send it. */
async function csvOf(
	exported: Promise<{ count: number; sheet: Sheet }>,
	separator: ';' | ',' = ';'
) {
	const { count, sheet } = await exported;
	return { count, text: await textOf(csvChunks(sheet, separator)) };
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
		const { count, text } = await csvOf(
			exportAudit(db, admin, { action: 'bulk.exported' }, SEMICOLON, { labels, batchSize: 5 })
		);
		expect(count).toBe(23);
		expect(
			text.startsWith(
				'\uFEFF"Time";"Actor";"Action";"Subject type";"Subject id";"Count";"Details"\r\n'
			)
		).toBe(true);
		const lines = text.slice(1).split('\r\n').slice(1, -1);
		expect(lines).toHaveLength(23);
		expect(lines.map((line) => Number(line.split(';')[5]))).toEqual(
			Array.from({ length: 23 }, (_, i) => 22 - i)
		);
		expect(lines[0]).toBe('2026-03-02 10:00:00;"System";"bulk.exported";;;22;"n: 22"');
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
		const { text } = await csvOf(
			exportAudit(db, admin, { action: 'bulk.micro' }, SEMICOLON, { labels, batchSize: 2 })
		);
		const lines = text.split('\r\n').slice(1, -1);
		expect(lines.map((line) => Number(line.split(';')[5]))).toEqual([5, 4, 3, 2, 1, 0]);
	});

	it('keeps formulas inert and names actors without an account', async () => {
		const { text } = await csvOf(
			exportAudit(db, admin, { action: 'bulk.formula' }, SEMICOLON, { labels })
		);
		const [, row] = text.split('\r\n');
		expect(row).toBe(
			'2026-03-02 10:00:00;"Anonymous";"bulk.formula";"staff_user";"\'=HYPERLINK(""http://example.com"")";;'
		);
		const { sheet } = await exportAudit(
			db,
			admin,
			{ action: 'bulk.formula' },
			{ format: 'xlsx' },
			{
				labels
			}
		);
		const rows = readSheet(await bytesOf(xlsxStream(sheet)));
		expect(formulaCells(rows)).toEqual([]);
		expect(rows[1]!.map((cell) => cell?.v ?? null).slice(1)).toEqual([
			'Anonymous',
			'bulk.formula',
			'staff_user',
			'=HYPERLINK("http://example.com")',
			null,
			null
		]);
		// The time is a date cell to the second, in Finnish time.
		const at = rows[1]![0]!;
		expect(at.t).toBe('d');
		expect(Math.round((at.v as Date).getTime() / 1000) * 1000).toBe(
			Date.parse('2026-03-02T10:00:00Z')
		);
	});

	it('records audit.exported with the count, and leaves its own event out of the file', async () => {
		const { count, text } = await csvOf(
			exportAudit(db, admin, { actorId: admin.id }, { format: 'csv', separator: ',' }, { labels }),
			','
		);
		const [exported] = await db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'audit.exported'), eq(auditEvent.actorId, admin.id)))
			.orderBy(desc(auditEvent.id))
			.limit(1);
		expect(exported).toMatchObject({ count, subjectType: 'staff_user', subjectId: admin.id });
		expect(exported!.details).toMatchObject({ actorId: admin.id, format: 'csv', separator: ',' });
		// The earlier exports by this admin are in it, this one is not.
		expect(count).toBe(4);
		expect(text.split('\r\n').slice(1, -1)).toHaveLength(4);
		expect(text).toContain(`"${admin.displayName}","audit.exported"`);
	});
});
