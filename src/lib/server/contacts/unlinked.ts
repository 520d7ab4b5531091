import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { event, organisation, registrantDismissal, registration } from '../db/schema';
import { foldMatchText, matchKey, searchKey } from '../db/search-key';
import * as audit from '../audit';
import { contactForPerson, type Actor } from './linking';
import { linkedContactSql, registrationPersonSql } from '../person/keys';
import { workDomain } from './similarity';
import { suggestContacts, suggestContactsForEach, type Suggestion } from './suggestions';
import { isId } from '../db/ids';

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

export interface UnlinkedPage {
	rows: UnlinkedRow[];
	total: number;
	page: number;
	pageCount: number;
}

/**
 * "Registrants not yet linked": one row per person key (their latest active registration), newest
 * first, each with its best match suggestions. Reading it is an audit event.
 */
export async function listUnlinked(
	db: Db,
	actor: Actor,
	query: { page?: number; eventId?: string } = {}
): Promise<UnlinkedPage> {
	const eventId = query.eventId && isId(query.eventId) ? query.eventId : undefined;
	const where = unlinkedCondition(eventId);
	const [counted] = await db
		.select({ total: sql<number>`count(DISTINCT ${registration.personId})::int` })
		.from(registration)
		.where(where);
	const total = counted?.total ?? 0;
	const pageCount = Math.max(1, Math.ceil(total / UNLINKED_PAGE_SIZE));
	const page = Math.min(pageCount, Math.max(1, Math.trunc(query.page ?? 1) || 1));

	const latest = db
		.selectDistinctOn([registration.personId], {
			id: sql<string>`${registration.id}`.as('latest_id'),
			createdAt: sql<Date>`${registration.createdAt}`.as('latest_created_at')
		})
		.from(registration)
		.where(where)
		.orderBy(registration.personId, desc(registration.createdAt))
		.as('latest');
	const rows = await db
		.select({
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
		.orderBy(desc(latest.createdAt), registration.id)
		.limit(UNLINKED_PAGE_SIZE)
		.offset((page - 1) * UNLINKED_PAGE_SIZE);

	const suggestions = await suggestContactsForEach(db, rows, 3);
	const withSuggestions = rows.map(({ emailNormalised: _emailNormalised, ...row }, i) => ({
		...row,
		suggestions: suggestions[i]!
	}));
	await audit.record(db, {
		action: 'contacts.unlinked_listed',
		actor: { kind: 'staff', id: actor.id },
		subject: eventId ? { type: 'event', id: eventId } : undefined,
		count: rows.length,
		details: { page }
	});
	return { rows: withSuggestions, total, page, pageCount };
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
