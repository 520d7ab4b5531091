import { and, asc, desc, eq, gt, gte, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { rowsOf } from '../db/rows';
import {
	countUpTo,
	encodeCursor,
	timeKey,
	type CappedCount,
	type Cursor,
	type KeyKind
} from '../list';
import { auditEvent, staffUser } from '../db/schema';
import { detailRefs } from './describe';
import * as audit from './index';
import { nameRecords, type NameOptions, type RecordName, type RecordRef } from './names';
import {
	auditAbout,
	subjectsOfPerson,
	type PersonInputKind,
	type PersonSubjects
} from '../person/subjects';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
	/** An email, a phone number, or a person, registration or contact id, as the admin typed it. */
	person?: string;
	actorId?: string;
	/** An exact action name, or a prefix ending in a dot ('registration.') for a whole family. */
	action?: string;
	/** Inclusive. */
	from?: Date;
	/** Exclusive: the start of the day after the last one asked for. */
	to?: Date;
	/** Where the page starts: null or absent for the newest events. */
	cursor?: Cursor | null;
}

/** Whoever reads the trail: a signed-in admin. */
export interface AuditReader {
	id: string;
}

export interface AuditRow {
	id: number;
	at: Date;
	actorId: string | null;
	/** The staff user's name; null for anonymous, registrant, system and CLI actors. */
	actorName: string | null;
	actorKind: string;
	action: string;
	subjectType: string | null;
	subjectId: string | null;
	count: number | null;
	details: Record<string, unknown> | null;
}

export interface AuditPage {
	rows: AuditRow[];
	/** How many events match, counted no further than the list helper's cap. */
	count: CappedCount;
	/** Cursors of the older and the newer page (`?after=`, `?before=`); null when there is none. */
	next: string | null;
	previous: string | null;
	/** What the person filter found; null when it was not used. */
	person: { kind: PersonInputKind; people: number } | null;
	/** The names of the records the rows point at, as the reader may see them (names.ts). */
	names: Map<string, RecordName>;
}

/** Every record a row names: its subject, and the ids in its details. */
function rowRefs(rows: AuditRow[]): RecordRef[] {
	return rows.flatMap((row) => [
		...(row.subjectType && row.subjectId ? [{ type: row.subjectType, id: row.subjectId }] : []),
		...detailRefs(row.details)
	]);
}

function actionCondition(action: string | undefined): SQL | undefined {
	if (!action) return undefined;
	if (!action.endsWith('.')) return eq(auditEvent.action, action);
	// '_' is a LIKE wildcard and common in action names (staff_user.created).
	return like(auditEvent.action, `${action.replace(/[\\%_]/g, '\\$&')}%`);
}

/**
 * The filter as one WHERE clause, shared by the page and the export so both always agree. The
 * person filter is resolved to record ids first (subjects.ts); the rest are plain comparisons.
 */
export async function auditCondition(
	db: Db,
	filter: AuditFilter
): Promise<{ where: SQL | undefined; subjects: PersonSubjects | null }> {
	const typed = filter.person?.trim();
	const subjects = typed ? await subjectsOfPerson(db, typed) : null;
	const where = and(
		subjects ? auditAbout(subjects) : undefined,
		filter.actorId ? eq(auditEvent.actorId, filter.actorId) : undefined,
		actionCondition(filter.action),
		filter.from ? gte(auditEvent.at, filter.from) : undefined,
		filter.to ? lt(auditEvent.at, filter.to) : undefined
	);
	return { where, subjects };
}

export const auditColumns = {
	id: auditEvent.id,
	at: auditEvent.at,
	actorId: auditEvent.actorId,
	actorName: staffUser.displayName,
	actorKind: auditEvent.actorKind,
	action: auditEvent.action,
	subjectType: auditEvent.subjectType,
	subjectId: auditEvent.subjectId,
	count: auditEvent.count,
	details: auditEvent.details
};

/**
 * What reading the trail is recorded as: the person looked up (when the filter found exactly one),
 * else the staff user whose actions were looked at. Details carry the filter's shape, never the
 * typed email or phone number, which would outlive the person in this append-only table.
 */
export function readingRecord(filter: AuditFilter, subjects: PersonSubjects | null) {
	const subject =
		subjects?.people.length === 1
			? { type: 'person', id: subjects.people[0]! }
			: filter.actorId
				? { type: 'staff_user', id: filter.actorId }
				: undefined;
	const details: Record<string, unknown> = {};
	if (subjects) details.person = subjects.kind;
	if (subjects) details.people = subjects.people.length;
	if (filter.actorId) details.actorId = filter.actorId;
	if (filter.action) details.action = filter.action;
	if (filter.from) details.from = filter.from.toISOString();
	if (filter.to) details.to = filter.to.toISOString();
	return { subject, details };
}

/** The kinds of the trail's sort key, (at, id), against which a cursor from a URL is checked. */
export const AUDIT_KEY_KINDS: readonly KeyKind[] = ['time', 'int'];

/** `at` to the microsecond, as text: a JavaScript Date keeps only milliseconds. */
export const auditKeyAt = timeKey(auditEvent.at);

/**
 * The events after a key in the trail's order, newest first: older, or as old with a smaller id.
 * Spelled as `at <= x AND (at < x OR id < y)` rather than a row comparison, so the index on `at`
 * alone bounds the scan. Shared by the page and the export, which pages by it in batches.
 */
export function olderThan(at: string, id: number): SQL {
	const key = sql`${at}::timestamptz`;
	return and(lte(auditEvent.at, key), or(lt(auditEvent.at, key), lt(auditEvent.id, id)))!;
}

function newerThan(at: string, id: number): SQL {
	const key = sql`${at}::timestamptz`;
	return and(gte(auditEvent.at, key), or(gt(auditEvent.at, key), gt(auditEvent.id, id)))!;
}

/**
 * One page by keyset, newest first: "older" after the last row shown, "newer" before the first,
 * never an OFFSET, so page 100 costs what page 1 does and rows written meanwhile neither repeat
 * nor go missing. The list helper (server/list) orders ascending only; the trail reads backwards,
 * so its two conditions are its own, and the cursors are the helper's opaque ones. A cursor that
 * finds nothing (its rows were removed by retention) shows the newest page.
 */
async function readAuditPage(
	db: Db,
	where: SQL | undefined,
	cursor: Cursor | null
): Promise<{ rows: AuditRow[]; next: string | null; previous: string | null }> {
	const newer = cursor?.direction === 'before';
	const [at, id] = (cursor?.values ?? []) as [string, number];
	const found = await db
		.select({ ...auditColumns, keyAt: auditKeyAt })
		.from(auditEvent)
		.leftJoin(staffUser, eq(staffUser.id, auditEvent.actorId))
		.where(and(where, cursor ? (newer ? newerThan(at, id) : olderThan(at, id)) : undefined))
		.orderBy(
			...(newer
				? [asc(auditEvent.at), asc(auditEvent.id)]
				: [desc(auditEvent.at), desc(auditEvent.id)])
		)
		.limit(AUDIT_PAGE_SIZE + 1);
	if (cursor && found.length === 0) return readAuditPage(db, where, null);
	const more = found.length > AUDIT_PAGE_SIZE;
	const shown = found.slice(0, AUDIT_PAGE_SIZE);
	if (newer) shown.reverse();
	const keyOf = (row: (typeof found)[number]) => encodeCursor([row.keyAt, row.id]);
	const first = shown[0];
	const last = shown.at(-1);
	return {
		rows: shown.map(({ keyAt: _keyAt, ...row }) => row),
		next: last && (newer || more) ? keyOf(last) : null,
		previous: first && cursor && (!newer || more) ? keyOf(first) : null
	};
}

/**
 * One page of the audit trail, newest first (readAuditPage), and how many events match, with the
 * names of the records the rows point at. Every search is itself an `audit.viewed` event with the number
 * of rows shown and of people whose names the page shows: a name read here is a read of that
 * person's data, even when the row is about someone else's action.
 */
export async function searchAudit(
	db: Db,
	actor: AuditReader,
	filter: AuditFilter = {},
	naming?: NameOptions
): Promise<AuditPage> {
	const { where, subjects } = await auditCondition(db, filter);
	const count = await countUpTo(db, db.select({ id: auditEvent.id }).from(auditEvent).where(where));
	const cursor = filter.cursor ?? null;
	const { rows, next, previous } = await readAuditPage(db, where, cursor);
	// Which page was read, without its cursor: "newest", or older or newer than a row shown before.
	const position = !cursor ? 'newest' : cursor.direction === 'after' ? 'older' : 'newer';
	const names = naming ? await nameRecords(db, rowRefs(rows), naming) : new Map();
	const named = [...names.values()].filter((name) => name.personal).length;

	const { subject, details } = readingRecord(filter, subjects);
	await audit.record(db, {
		action: 'audit.viewed',
		actor: { kind: 'staff', id: actor.id },
		subject,
		count: rows.length,
		details: { ...details, position, ...(naming ? { named } : {}) }
	});
	return {
		rows,
		count,
		next,
		previous,
		person: subjects ? { kind: subjects.kind, people: subjects.people.length } : null,
		names
	};
}

/**
 * Every action name in the trail, for the filter's list. A loose index scan: one probe of the
 * action index per distinct name (a few dozen), instead of reading every row as DISTINCT would.
 */
export async function listAuditActions(db: Db): Promise<string[]> {
	const result = await db.execute(sql`WITH RECURSIVE names(action) AS (
		(SELECT action FROM audit_event ORDER BY action LIMIT 1)
		UNION ALL
		SELECT (SELECT later.action FROM audit_event later WHERE later.action > names.action
			ORDER BY later.action LIMIT 1)
		FROM names WHERE names.action IS NOT NULL
	) SELECT action FROM names WHERE action IS NOT NULL`);
	// Sorted here in code-point order, whatever the server's collation makes of '.' and '_'.
	return rowsOf<{ action: string }>(result)
		.map((row) => row.action)
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every staff account that can appear as an actor, disabled ones included (the trail keeps them). */
export function listActors(db: Db) {
	return db
		.select({
			id: staffUser.id,
			displayName: staffUser.displayName,
			email: staffUser.email,
			disabled: sql<boolean>`${staffUser.disabledAt} IS NOT NULL`
		})
		.from(staffUser)
		.orderBy(asc(staffUser.displayName), asc(staffUser.email));
}
