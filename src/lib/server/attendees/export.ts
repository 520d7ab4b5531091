import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { registration, type RegistrationStatus } from '../db/schema';
import { searchKey } from '../db/search-key';
import { recordAttendees, type StaffActor } from './audit';
import { BOM, csvLine, csvTime, type CsvSeparator } from './csv';
import { statusCondition, type StatusFilter } from './list';

export const CSV_COLUMNS = [
	'status',
	'waitlistPosition',
	'firstName',
	'lastName',
	'email',
	'phone',
	'street',
	'postalCode',
	'city',
	'registeredAt',
	'checkedInAt'
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Header and status texts in the staff member's language; the domain knows no translations. */
export interface CsvLabels {
	columns: Record<CsvColumn, string>;
	status: Record<RegistrationStatus, string>;
}

export interface CsvOptions {
	labels: CsvLabels;
	separator?: CsvSeparator;
	status?: StatusFilter;
	/** Rows read per query; each batch is written out before the next is read. */
	batchSize?: number;
}

const DEFAULT_BATCH = 500;

const columns = {
	id: registration.id,
	status: registration.status,
	firstName: registration.firstName,
	lastName: registration.lastName,
	email: registration.email,
	phone: registration.phone,
	street: registration.street,
	postalCode: registration.postalCode,
	city: registration.city,
	registeredAt: registration.createdAt,
	checkedInAt: registration.checkedInAt,
	waitlistPosition: registration.waitlistPosition,
	lastKey: searchKey(registration.lastName),
	firstKey: searchKey(registration.firstName)
};

interface Cursor {
	id: string;
	waitlistPosition: number | null;
	lastKey: string;
	firstKey: string;
}

/** Seats and cancellations go by name, the waiting list by place; both orders have an index. */
function readBatch(
	db: Db,
	eventId: string,
	status: RegistrationStatus,
	after: Cursor | undefined,
	size: number
) {
	const byPlace = status === 'waitlisted';
	let from: SQL | undefined;
	if (after && byPlace) from = gt(registration.waitlistPosition, after.waitlistPosition!);
	if (after && !byPlace) {
		from = sql`(${columns.lastKey}, ${columns.firstKey}, ${registration.id}) > (${after.lastKey}, ${after.firstKey}, ${after.id})`;
	}
	return db
		.select(columns)
		.from(registration)
		.where(and(eq(registration.eventId, eventId), eq(registration.status, status), from))
		.orderBy(
			...(byPlace
				? [asc(registration.waitlistPosition)]
				: [asc(columns.lastKey), asc(columns.firstKey), asc(registration.id)])
		)
		.limit(size);
}

type Row = Awaited<ReturnType<typeof readBatch>>[number];

/**
 * Pages through one status group by keyset (never OFFSET), so each batch is one index range scan
 * however far into the list it is.
 */
async function* batches(
	db: Db,
	eventId: string,
	status: RegistrationStatus,
	size: number
): AsyncGenerator<Row[]> {
	let after: Cursor | undefined;
	for (;;) {
		const rows = await readBatch(db, eventId, status, after, size);
		if (rows.length > 0) yield rows;
		if (rows.length < size) return;
		after = rows.at(-1);
	}
}

const GROUPS: RegistrationStatus[] = ['confirmed', 'waitlisted', 'cancelled'];

/**
 * The attendee list as CSV text, produced piece by piece: the byte order mark and header first, then
 * one string per batch of rows, read from the database only when the consumer asks for more. Memory
 * stays flat however many registrants there are.
 */
export async function* attendeeCsv(
	db: Db,
	eventId: string,
	options: CsvOptions
): AsyncGenerator<string> {
	const separator = options.separator ?? ';';
	const size = options.batchSize ?? DEFAULT_BATCH;
	const { labels } = options;
	const status = options.status ?? 'all';
	yield (
		BOM +
		csvLine(
			CSV_COLUMNS.map((c) => labels.columns[c]),
			separator
		)
	);
	for (const group of GROUPS) {
		if (status !== 'all' && status !== group) continue;
		// Waiting-list places as people count them (1 = next in line), not the stored sequence.
		let rank = 0;
		for await (const rows of batches(db, eventId, group, size)) {
			yield rows
				.map((row) =>
					csvLine(
						[
							labels.status[row.status],
							row.status === 'waitlisted' ? ++rank : null,
							row.firstName,
							row.lastName,
							row.email,
							row.phone,
							row.street,
							row.postalCode,
							row.city,
							csvTime(row.registeredAt),
							csvTime(row.checkedInAt)
						],
						separator
					)
				)
				.join('');
		}
	}
}

/**
 * Starts an export: counts the rows, writes the `attendees.exported` audit event with that count
 * (before any row leaves, so an interrupted download is recorded too) and hands back the text.
 */
export async function exportAttendees(
	db: Db,
	actor: StaffActor,
	eventId: string,
	options: CsvOptions
): Promise<{ count: number; chunks: AsyncGenerator<string> }> {
	const status = options.status ?? 'all';
	const [counted] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(registration)
		.where(and(eq(registration.eventId, eventId), statusCondition(status)));
	const count = counted?.count ?? 0;
	await recordAttendees(
		db,
		actor,
		'attendees.exported',
		{ type: 'event', id: eventId },
		{ count, details: { status, separator: options.separator ?? ';' } }
	);
	return { count, chunks: attendeeCsv(db, eventId, options) };
}
