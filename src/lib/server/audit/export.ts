import { and, desc, eq, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvent, staffUser } from '../db/schema';
import { BOM, csvLine, type CsvSeparator } from '../attendees/csv';
import { auditTime, formatDetails } from './format';
import * as audit from './index';
import {
	auditColumns,
	auditCondition,
	readingRecord,
	type AuditFilter,
	type AuditReader
} from './query';

export const AUDIT_CSV_COLUMNS = [
	'at',
	'actor',
	'action',
	'subjectType',
	'subjectId',
	'count',
	'details'
] as const;
export type AuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];

/** Header texts and the names of actors without an account, in the admin's language. */
export interface AuditCsvLabels {
	columns: Record<AuditCsvColumn, string>;
	/** 'anonymous', 'registrant', 'system', 'cli'; an unknown kind is written as it is stored. */
	actorKinds: Record<string, string>;
}

export interface AuditCsvOptions {
	labels: AuditCsvLabels;
	separator?: CsvSeparator;
	/** Rows read per query; each batch is written out before the next is read. */
	batchSize?: number;
}

const DEFAULT_BATCH = 500;

interface Cursor {
	/** `at` to the microsecond, as text: a JavaScript Date keeps only milliseconds. */
	at: string;
	id: number;
}

const cursorAt = sql<string>`to_char(${auditEvent.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function readBatch(db: Db, where: SQL | undefined, after: Cursor | undefined, size: number) {
	// Spelled as `at <= x AND (at < x OR id < y)` rather than a row comparison, so the index on
	// `at` alone bounds the scan.
	const from = after
		? and(
				lte(auditEvent.at, sql`${after.at}::timestamptz`),
				or(lt(auditEvent.at, sql`${after.at}::timestamptz`), lt(auditEvent.id, after.id))
			)
		: undefined;
	return db
		.select({ ...auditColumns, cursorAt })
		.from(auditEvent)
		.leftJoin(staffUser, eq(staffUser.id, auditEvent.actorId))
		.where(and(where, from))
		.orderBy(desc(auditEvent.at), desc(auditEvent.id))
		.limit(size);
}

/**
 * The matching audit events as CSV text, newest first, produced piece by piece by keyset pages
 * (never OFFSET, so rows written meanwhile neither repeat nor go missing): the byte order mark and
 * header first, then one string per batch, read only when the consumer asks for more.
 */
export async function* auditCsv(
	db: Db,
	where: SQL | undefined,
	options: AuditCsvOptions
): AsyncGenerator<string> {
	const separator = options.separator ?? ';';
	const size = options.batchSize ?? DEFAULT_BATCH;
	const { labels } = options;
	yield (
		BOM +
		csvLine(
			AUDIT_CSV_COLUMNS.map((column) => labels.columns[column]),
			separator
		)
	);
	let after: Cursor | undefined;
	for (;;) {
		const rows = await readBatch(db, where, after, size);
		if (rows.length > 0) {
			yield rows
				.map((row) =>
					csvLine(
						[
							auditTime(row.at),
							row.actorName ?? labels.actorKinds[row.actorKind] ?? row.actorKind,
							row.action,
							row.subjectType,
							row.subjectId,
							row.count,
							formatDetails(row.details)
						],
						separator
					)
				)
				.join('');
		}
		if (rows.length < size) return;
		const last = rows.at(-1)!;
		after = { at: last.cursorAt, id: last.id };
	}
}

/**
 * Starts an export: fixes its end at the newest event now stored, counts the rows, writes the
 * `audit.exported` event with that count (before any row leaves, so an interrupted download is
 * recorded too; the export does not include its own event) and hands back the text.
 */
export async function exportAudit(
	db: Db,
	actor: AuditReader,
	filter: AuditFilter,
	options: AuditCsvOptions
): Promise<{ count: number; chunks: AsyncGenerator<string> }> {
	const { where: filtered, subjects } = await auditCondition(db, filter);
	// As text: the id is a bigint, which postgres.js hands over as a string anyway.
	const [newest] = await db
		.select({ id: sql<string>`coalesce(max(${auditEvent.id}), 0)::text` })
		.from(auditEvent);
	const where = and(filtered, lte(auditEvent.id, sql`${newest?.id ?? '0'}::bigint`));
	const [counted] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(auditEvent)
		.where(where);
	const count = counted?.count ?? 0;
	const { subject, details } = readingRecord(filter, subjects);
	await audit.record(db, {
		action: 'audit.exported',
		actor: { kind: 'staff', id: actor.id },
		subject,
		count,
		details: { ...details, separator: options.separator ?? ';' }
	});
	return { count, chunks: auditCsv(db, where, options) };
}
