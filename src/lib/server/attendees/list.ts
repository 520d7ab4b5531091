import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { event, registration, type RegistrationStatus } from '../db/schema';
import { searchKey } from '../db/search-key';
import {
	countUpTo,
	keysetOrder,
	PAGE_SIZE,
	readKeysetPage,
	timeKey,
	type CappedCount,
	type Cursor,
	type KeyKind,
	type KeysetPage,
	type KeyValue,
	type SortKey
} from '../list';
import { recordAttendees, type StaffActor } from './audit';
import { attendeeSearchCondition, normaliseQuery } from './search';
import { linkedContactSql, linkedOrganisationSql, registrationPersonSql } from '../person/keys';

export const STATUS_FILTERS = ['all', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const SORTS = ['name', 'registered', 'status'] as const;
export type AttendeeSort = (typeof SORTS)[number];

export const DEFAULT_PAGE_SIZE = PAGE_SIZE;
const MAX_PAGE_SIZE = 200;

export interface AttendeeQuery {
	status?: StatusFilter;
	q?: string;
	sort?: AttendeeSort;
	/** The page to show (from `?after=` / `?before=`, see attendeeCursorKinds); none: the first. */
	cursor?: Cursor | null;
	pageSize?: number;
}

export interface AttendeeRow {
	id: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	status: RegistrationStatus;
	waitlistPosition: number | null;
	/** Place in line as people count it: 1 for the first still waiting. */
	waitlistRank: number | null;
	/** Until when a seat is held for this waiting person (the offer mode); null without an offer. */
	offerExpiresAt: Date | null;
	checkedInAt: Date | null;
	registeredAt: Date;
	/** The organisation of the contact person this registrant is linked to. */
	organisation: string | null;
	/** That contact person; null while the registrant is not linked. */
	contactId: string | null;
}

export interface AttendeePage extends KeysetPage<AttendeeRow> {
	/** How many match, counted up to COUNT_CAP. */
	total: CappedCount;
}

export function statusCondition(status: StatusFilter): SQL | undefined {
	return status === 'all' ? undefined : eq(registration.status, status);
}

const nameKeys: SortKey[] = [
	{ expression: searchKey(registration.lastName), kind: 'text' },
	{ expression: searchKey(registration.firstName), kind: 'text' },
	{ expression: sql`${registration.id}`, kind: 'id' }
];

/**
 * Each order is a keyset: the last key is the id, so equal names or times still have a place of
 * their own. Name and registration time have an index behind them (registrations.schema.ts:
 * (event, key…, id)); status is a top-N sort of one event's rows.
 */
const SORT_KEYS: Record<AttendeeSort, SortKey[]> = {
	name: nameKeys,
	registered: [
		{ expression: sql`${registration.createdAt}`, kind: 'time' },
		{ expression: sql`${registration.id}`, kind: 'id' }
	],
	status: [
		{
			expression: sql`(CASE ${registration.status} WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END)`,
			kind: 'int'
		},
		// Only the waiting have a position; 0 for the others keeps the key NOT NULL.
		{ expression: sql`coalesce(${registration.waitlistPosition}, 0)`, kind: 'int' },
		...nameKeys
	]
};

/** The kinds of a sort's keys, to check a cursor in the URL against (parseListQuery). */
export function attendeeCursorKinds(sort: AttendeeSort): KeyKind[] {
	return SORT_KEYS[sort].map((key) => key.kind);
}

const nameOrder = keysetOrder(nameKeys, 'after');

/** A sort key's value as the cursor keeps it: times as ISO text to the microsecond. */
function keyValue(key: SortKey): SQL {
	return key.kind === 'time' ? timeKey(key.expression) : key.expression;
}

// The outer row is named in full: drizzle leaves columns of a one-table query unqualified, and
// inside the subquery those would mean the subquery's own rows.
const waitlistRank = sql<number | null>`CASE WHEN "registration"."status" = 'waitlisted' THEN (
	SELECT count(*)::int FROM "registration" AS "ahead"
	WHERE "ahead"."event_id" = "registration"."event_id" AND "ahead"."status" = 'waitlisted'
		AND "ahead"."waitlist_position" <= "registration"."waitlist_position"
) END`;

export const attendeeColumns = {
	id: registration.id,
	firstName: registration.firstName,
	lastName: registration.lastName,
	email: registration.email,
	phone: registration.phone,
	status: registration.status,
	waitlistPosition: registration.waitlistPosition,
	waitlistRank,
	// Set while a seat is held for them (the offer mode): staff see until when.
	offerExpiresAt: registration.offerExpiresAt,
	checkedInAt: registration.checkedInAt,
	registeredAt: registration.createdAt,
	organisation: linkedOrganisationSql(registrationPersonSql),
	contactId: linkedContactSql(registrationPersonSql)
};

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
	if (value === undefined || !Number.isFinite(value)) return fallback;
	return Math.min(max, Math.max(min, Math.trunc(value)));
}

/**
 * One page of an event's registrants, filtered, searched and sorted in the database, read by keyset
 * (the rows after or before a cursor, never OFFSET), and how many match up to COUNT_CAP. Every
 * call is an `attendees.viewed` audit event with the number of rows shown.
 */
export async function listAttendees(
	db: Db,
	actor: StaffActor,
	eventId: string,
	query: AttendeeQuery = {}
): Promise<AttendeePage> {
	const status = query.status ?? 'all';
	const sort = query.sort ?? 'name';
	const pageSize = clamp(query.pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
	const q = normaliseQuery(query.q);
	const where = and(
		eq(registration.eventId, eventId),
		statusCondition(status),
		attendeeSearchCondition(q)
	);
	const keys = SORT_KEYS[sort];
	const total = await countUpTo(
		db,
		db.select({ id: registration.id }).from(registration).where(where)
	);
	const page = await readKeysetPage(
		keys,
		query.cursor ?? null,
		async (after, orderBy, limit) => {
			// Deferred join: the keyset walks the index for ids only; the row's columns (and the
			// waiting-list rank) are read for the page's rows alone.
			const ids = db
				.select({ pageId: registration.id })
				.from(registration)
				.where(and(where, after))
				.orderBy(...orderBy)
				.limit(limit)
				.as('page_ids');
			const key = Object.fromEntries(keys.map((k, i) => [`k${i}`, keyValue(k)]));
			const found = await db
				.select({ row: attendeeColumns, key })
				.from(registration)
				.innerJoin(ids, eq(ids.pageId, registration.id))
				.orderBy(...orderBy);
			return found.map((r) => ({
				row: r.row,
				key: keys.map((_, i) => r.key[`k${i}`] as KeyValue)
			}));
		},
		pageSize
	);

	await recordAttendees(
		db,
		actor,
		'attendees.viewed',
		{ type: 'event', id: eventId },
		{
			count: page.rows.length,
			details: { view: 'list', status, sort, continued: query.cursor != null, searched: q !== '' }
		}
	);
	return { ...page, total };
}

export interface AttendeeCounts {
	confirmed: number;
	capacity: number;
	waitlisted: number;
	checkedIn: number;
	/** Waiting people a seat is held for; their seats are inside `confirmed`. */
	offers: number;
}

/**
 * The figures at the top of the list and the door view; null for an unknown event. `confirmed` is
 * the event's seat count, so it includes the seats held for pending offers.
 */
export async function countAttendees(db: Db, eventId: string): Promise<AttendeeCounts | null> {
	const [row] = await db
		.select({
			confirmed: event.confirmedCount,
			capacity: event.capacity,
			waitlisted: sql<number>`count(${registration.id}) FILTER (WHERE ${registration.status} = 'waitlisted')::int`,
			checkedIn: sql<number>`count(${registration.checkedInAt}) FILTER (WHERE ${registration.status} = 'confirmed')::int`,
			offers: sql<number>`count(${registration.offerExpiresAt}) FILTER (WHERE ${registration.status} = 'waitlisted')::int`
		})
		.from(event)
		.leftJoin(
			registration,
			and(eq(registration.eventId, event.id), ne(registration.status, 'cancelled'))
		)
		.where(eq(event.id, eventId))
		.groupBy(event.id);
	return row ?? null;
}

/**
 * Everyone with a seat, by name, for the paper list at the door: names and check-in state only,
 * as the door sees them. Recorded as `attendees.printed`.
 */
export async function listForPrint(db: Db, actor: StaffActor, eventId: string) {
	const rows = await db
		.select({
			id: registration.id,
			firstName: registration.firstName,
			lastName: registration.lastName,
			checkedInAt: registration.checkedInAt,
			organisation: linkedOrganisationSql(registrationPersonSql)
		})
		.from(registration)
		.where(and(eq(registration.eventId, eventId), eq(registration.status, 'confirmed')))
		.orderBy(...nameOrder);
	await recordAttendees(
		db,
		actor,
		'attendees.printed',
		{ type: 'event', id: eventId },
		{ count: rows.length }
	);
	return rows;
}

import { isId } from '../db/ids';

export { isId };

/** One registrant of an event, for the staff edit form; null when it is not this event's. */
export async function findRegistrant(db: Db, eventId: string, registrationId: string) {
	if (!isId(eventId) || !isId(registrationId)) return null;
	const [row] = await db
		.select()
		.from(registration)
		.where(and(eq(registration.id, registrationId), eq(registration.eventId, eventId)))
		.limit(1);
	return row ?? null;
}

/** A registrant's full record for the staff edit page; the view is an audit event of its own. */
export async function openRegistrant(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string
) {
	const row = await findRegistrant(db, eventId, registrationId);
	if (row) {
		await recordAttendees(
			db,
			actor,
			'attendees.viewed',
			{ type: 'registration', id: row.id },
			{ count: 1, details: { view: 'registrant', eventId } }
		);
	}
	return row;
}
