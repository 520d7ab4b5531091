import { and, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvent, staffUser } from '../db/schema';
import {
	DEFAULT_BATCH,
	fileDetails,
	labelledSheet,
	type ColumnKind,
	type Row,
	type Sheet,
	type SheetFile,
	type SheetLabels,
	type SheetOptions
} from '../spreadsheet';
import { formatDetails } from './format';
import * as audit from './index';
import {
	auditColumns,
	auditCondition,
	auditKeyAt,
	olderThan,
	readingRecord,
	type AuditFilter,
	type AuditReader
} from './query';

/** The file's columns in order, each with the kind of value it holds. */
const KINDS = {
	at: 'second',
	actor: 'text',
	action: 'text',
	subjectType: 'text',
	subjectId: 'text',
	count: 'integer',
	details: 'text'
} as const satisfies Record<string, ColumnKind>;
export type AuditExportColumn = keyof typeof KINDS;
export const AUDIT_EXPORT_COLUMNS = Object.keys(KINDS) as AuditExportColumn[];

/** Header texts and the names of actors without an account, in the admin's language. */
export interface AuditExportLabels extends SheetLabels<AuditExportColumn> {
	/** 'anonymous', 'registrant', 'system', 'cli'; an unknown kind is written as it is stored. */
	actorKinds: Record<string, string>;
}

export type AuditExportOptions = SheetOptions<AuditExportLabels>;

interface Cursor {
	/** `at` to the microsecond, as text: a JavaScript Date keeps only milliseconds. */
	at: string;
	id: number;
}

function readBatch(db: Db, where: SQL | undefined, after: Cursor | undefined, size: number) {
	const from = after ? olderThan(after.at, after.id) : undefined;
	return db
		.select({ ...auditColumns, cursorAt: auditKeyAt })
		.from(auditEvent)
		.leftJoin(staffUser, eq(staffUser.id, auditEvent.actorId))
		.where(and(where, from))
		.orderBy(desc(auditEvent.at), desc(auditEvent.id))
		.limit(size);
}

/**
 * The matching audit events, newest first, a batch at a time by keyset pages (never OFFSET, so rows
 * written meanwhile neither repeat nor go missing), each read only when the writer asks for more.
 */
async function* auditRows(
	db: Db,
	where: SQL | undefined,
	options: AuditExportOptions
): AsyncGenerator<Row[], void, undefined> {
	const size = options.batchSize ?? DEFAULT_BATCH;
	const { labels } = options;
	let after: Cursor | undefined;
	for (;;) {
		const rows = await readBatch(db, where, after, size);
		if (rows.length > 0) {
			yield rows.map((row) => [
				row.at,
				row.actorName ?? labels.actorKinds[row.actorKind] ?? row.actorKind,
				row.action,
				row.subjectType,
				row.subjectId,
				row.count,
				formatDetails(row.details)
			]);
		}
		if (rows.length < size) return;
		const last = rows.at(-1)!;
		after = { at: last.cursorAt, id: last.id };
	}
}

/** The matching audit events as a sheet for the writers. */
export function auditSheet(db: Db, where: SQL | undefined, options: AuditExportOptions): Sheet {
	return labelledSheet(options.labels, AUDIT_EXPORT_COLUMNS, KINDS, auditRows(db, where, options));
}

/**
 * Starts an export: fixes its end at the newest event now stored, counts the rows, writes the
 * `audit.exported` event with that count and the file's format (before any row leaves, so an
 * interrupted download is recorded too; the export does not include its own event) and hands back
 * the sheet.
 */
export async function exportAudit(
	db: Db,
	actor: AuditReader,
	filter: AuditFilter,
	file: SheetFile,
	options: AuditExportOptions
): Promise<{ count: number; sheet: Sheet }> {
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
		details: { ...details, ...fileDetails(file) }
	});
	return { count, sheet: auditSheet(db, where, options) };
}
