import { and, desc, eq, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { event, organisation, registrantDismissal, registration } from '../db/schema';
import { foldMatchText, matchKey, searchKey } from '../db/search-key';
import * as audit from '../audit';
import { contactForPerson, type Actor } from './linking';
import { linkedContactSql, registrationPersonSql } from '../person/keys';
import { workDomain } from './similarity';
import { suggestContacts, suggestContactsForEach, type Suggestion } from './suggestions';
import { isId } from '../db/ids';
import {
	countUpTo,
	decodeCursor,
	encodeCursor,
	readKeysetPage,
	type CappedCount,
	type Cursor,
	type KeyKind,
	type KeysetPage,
	type SortKey
} from '../list';

/** Fewer rows than the other lists: every row brings its own contact suggestions. */
export const UNLINKED_PAGE_SIZE = 20;

/**
 * A registrant waits in the queue while their person key belongs to no contact, staff have not
 * dismissed them, and they still hold a place (a cancelled registration is no reason to ask).
 */
const unlinkedCondition = (eventId?: string): SQL | undefined =>
	and(
		ne(registration.status, 'cancelled'),
		eventId ? eq(registration.eventId, eventId) : undefined,
		sql`NOT EXISTS (SELECT 1 FROM registrant_dismissal d WHERE d.person_id = ${registrationPersonSql})`,
		sql`${linkedContactSql(registrationPersonSql)} IS NULL`
	);

/** Times before this (in microseconds since 1970, the year 2286) mirror into the newest-first key. */
const MIRROR_MICROS = 10n ** 16n;
const NEWEST_FIRST_KEY = /^\d{17}$/;

/**
 * The queue's order, newest registration first and equal times by id, as keys the list helper
 * reads ascending: the time mirrored (microseconds before 2286) in fixed-width digits, which order
 * as numbers in every collation, and kept to the microsecond, so equal-looking times never repeat
 * or skip a row at a page boundary.
 */
const newestFirst = (createdAt: SQL | AnyColumn): SQL<string> =>
	sql<string>`lpad((${sql.raw(String(MIRROR_MICROS))} - (extract(epoch FROM ${createdAt}) * 1000000)::bigint)::text, 17, '0')`;

const UNLINKED_KEY_KINDS: KeyKind[] = ['text', 'id'];

/**
 * The page of the queue a URL asks for (`?after=` / `?before=`); null, the first page, for none
 * and for anything this list did not write: a cursor of another list, or one whose key is not a
 * mirrored time. The route reads it both to show the page and to come back to it after an action.
 */
export function unlinkedCursor(params: URLSearchParams): Cursor | null {
	const cursor = decodeCursor(params, UNLINKED_KEY_KINDS);
	return cursor && NEWEST_FIRST_KEY.test(String(cursor.values[0])) ? cursor : null;
}

/** A cursor as the query text that shows its page again: `after=…` or `before=…`; '' for none. */
export function unlinkedCursorQuery(cursor: Cursor | null): string {
	if (!cursor) return '';
	return new URLSearchParams({ [cursor.direction]: encodeCursor(cursor.values) }).toString();
}

export interface UnlinkedRow {
	registrationId: string;
	personId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	eventId: string;
	eventTitleFi: string;
	eventTitleEn: string;
	eventStartsAt: Date;
	registeredAt: Date;
	/** Registrations under the same person key (the same email), active ones only. */
	registrations: number;
	suggestions: Suggestion[];
}

export interface UnlinkedPage extends KeysetPage<UnlinkedRow> {
	/** People waiting, counted up to COUNT_CAP. */
	total: CappedCount;
}

/**
 * "Registrants not yet linked": one row per person key (their latest active registration), newest
 * first, each with its best match suggestions, one keyset page at a time (the rows after or before
 * `cursor`, see unlinkedCursor; never OFFSET). Reading it is an audit event.
 */
export async function listUnlinked(
	db: Db,
	actor: Actor,
	query: { cursor?: Cursor | null; eventId?: string; pageSize?: number } = {}
): Promise<UnlinkedPage> {
	const eventId = query.eventId && isId(query.eventId) ? query.eventId : undefined;
	const cursor = query.cursor ?? null;
	const where = unlinkedCondition(eventId);
	const total = await countUpTo(
		db,
		db.selectDistinct({ personId: registration.personId }).from(registration).where(where)
	);

	const latest = db
		.selectDistinctOn([registration.personId], {
			id: sql<string>`${registration.id}`.as('latest_id'),
			key: newestFirst(registration.createdAt).as('latest_key')
		})
		.from(registration)
		.where(where)
		.orderBy(registration.personId, desc(registration.createdAt), registration.id)
		.as('latest');
	const keys: SortKey[] = [
		{ expression: sql`${latest.key}`, kind: 'text' },
		{ expression: sql`${latest.id}`, kind: 'id' }
	];
	const page = await readKeysetPage(
		keys,
		cursor,
		async (after, orderBy, limit) => {
			const found = await db
				.select({
					key: latest.key,
					registrationId: registration.id,
					personId: registration.personId,
					firstName: registration.firstName,
					lastName: registration.lastName,
					email: registration.email,
					emailNormalised: registration.emailNormalised,
					phone: registration.phone,
					eventId: event.id,
					eventTitleFi: event.titleFi,
					eventTitleEn: event.titleEn,
					eventStartsAt: event.startsAt,
					registeredAt: registration.createdAt,
					registrations: sql<number>`(SELECT count(*)::int FROM registration same
						WHERE same.person_id = ${registrationPersonSql} AND same.status <> 'cancelled')`
				})
				.from(latest)
				.innerJoin(registration, eq(registration.id, latest.id))
				.innerJoin(event, eq(event.id, registration.eventId))
				.where(after)
				.orderBy(...orderBy)
				.limit(limit);
			return found.map(({ key, ...row }) => ({ row, key: [key, row.registrationId] }));
		},
		query.pageSize ?? UNLINKED_PAGE_SIZE
	);

	const suggestions = await suggestContactsForEach(db, page.rows, 3);
	const rows = page.rows.map(({ emailNormalised: _emailNormalised, ...row }, i) => ({
		...row,
		suggestions: suggestions[i]!
	}));
	await audit.record(db, {
		action: 'contacts.unlinked_listed',
		actor: { kind: 'staff', id: actor.id },
		subject: eventId ? { type: 'event', id: eventId } : undefined,
		count: rows.length,
		details: { continued: cursor !== null }
	});
	return { rows, next: page.next, previous: page.previous, total };
}

/** How many registrants wait for a decision, for the dashboard and the contacts page. */
export async function countUnlinked(db: Db): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`count(DISTINCT ${registration.personId})::int` })
		.from(registration)
		.where(unlinkedCondition());
	return row?.total ?? 0;
}

export interface OrganisationChoice {
	id: string;
	name: string;
	businessId: string | null;
	city: string | null;
	/** Why it is offered before any search: the registrant's work domain, or a suggested contact's. */
	suggested: boolean;
}

/**
 * Organisations to offer when turning a registrant into a contact: those matching the typed name
 * prefix or y-tunnus, else those the registrant's email domain or the suggested contacts point at.
 */
export async function organisationChoices(
	db: Db,
	input: { q: string; emailNormalised: string | null; suggestedIds: string[] }
): Promise<OrganisationChoice[]> {
	const q = input.q.replace(/\s+/g, ' ').trim().slice(0, 100);
	const domain = workDomain(input.emailNormalised);
	const columns = {
		id: organisation.id,
		name: organisation.name,
		businessId: organisation.businessId,
		city: organisation.city
	};
	const live = sql`${organisation.archivedAt} IS NULL`;
	if (q) {
		const prefix = `${foldMatchText(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const rows = await db
			.select(columns)
			.from(organisation)
			.where(
				and(
					live,
					sql`(${matchKey(organisation.name)} LIKE ${prefix} OR ${organisation.businessId} LIKE ${prefix})`
				)
			)
			.orderBy(searchKey(organisation.name))
			.limit(20);
		return rows.map((row) => ({ ...row, suggested: false }));
	}
	const ids = input.suggestedIds.filter((id) => isId(id));
	const conditions = [
		domain ? eq(organisation.emailDomain, domain) : undefined,
		ids.length
			? sql`${organisation.id} IN (${sql.join(
					ids.map((id) => sql`${id}::uuid`),
					sql`, `
				)})`
			: undefined
	].filter((condition) => condition !== undefined);
	if (conditions.length === 0) return [];
	const rows = await db
		.select(columns)
		.from(organisation)
		.where(and(live, sql`(${sql.join(conditions, sql` OR `)})`))
		.orderBy(searchKey(organisation.name))
		.limit(20);
	return rows.map((row) => ({ ...row, suggested: true }));
}

/** Everything the linking page of one registration needs; its opening is an audit event. */
export async function openLinking(db: Db, actor: Actor, registrationId: string) {
	if (!isId(registrationId)) return null;
	const [row] = await db
		.select({ registration, event })
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(eq(registration.id, registrationId));
	if (!row) return null;
	const [contact, suggestions, dismissed] = await Promise.all([
		contactForPerson(db, row.registration.personId),
		suggestContacts(db, row.registration, 10),
		db
			.select({ at: registrantDismissal.dismissedAt })
			.from(registrantDismissal)
			.where(eq(registrantDismissal.personId, row.registration.personId))
	]);
	await audit.record(db, {
		action: 'registrant.viewed_for_linking',
		actor: { kind: 'staff', id: actor.id },
		subject: { type: 'registration', id: row.registration.id },
		count: 1
	});
	return {
		...row,
		contact,
		suggestions,
		dismissed: dismissed.length > 0
	};
}
