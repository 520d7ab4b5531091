import { and, asc, count, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, organisation, type ContactSource } from '../db/schema';
import { byteOrder, matchKey, searchKey } from '../db/search-key';
import { recordContacts, type StaffActor } from './audit';
import {
	emailPrefix,
	foldedTerms,
	normaliseQuery,
	pageWindow,
	phonePrefixes,
	startsWith,
	type Page
} from './search-text';

export interface ContactQuery {
	q?: string;
	/** Archived contacts are left out unless asked for; merged-away ones are never listed. */
	includeArchived?: boolean;
	/** 1-based. */
	page?: number;
}

export interface ContactRow {
	id: string;
	firstName: string;
	lastName: string;
	title: string | null;
	email: string | null;
	phone: string | null;
	source: ContactSource;
	archivedAt: Date | null;
	organisation: { id: string; name: string } | null;
}

/**
 * What the contact search box matches: each typed word starts the first or the last name, or the
 * whole text starts the email address or the phone number; or the contact is at an organisation
 * whose name the whole text starts ("Wetteri Trucks"), or whose name a word starts while the other
 * words start the person's names ("aino wetteri"). Each arm of the union is a range on an index of
 * its own expression (contacts.schema.ts), so the search needs no scan of the table. Undefined for
 * an empty query.
 */
export function contactSearchCondition(db: Db, text: string | undefined): SQL | undefined {
	const query = normaliseQuery(text);
	if (!query) return undefined;
	const { folded, terms } = foldedTerms(query);
	const named = (term: string) => [
		startsWith(matchKey(contactPerson.lastName), term),
		startsWith(matchKey(contactPerson.firstName), term)
	];
	const email = emailPrefix(query);
	const own = or(
		and(...terms.map((term) => or(...named(term)))),
		email ? startsWith(matchKey(contactPerson.emailNormalised), email) : undefined,
		...phonePrefixes(query).map((prefix) => startsWith(byteOrder(contactPerson.phone), prefix))
	);
	const orgName = (term: string) => startsWith(matchKey(organisation.name), term);
	const atOrganisation = and(
		or(...terms.map(orgName)),
		or(orgName(folded), and(...terms.map((term) => or(...named(term), orgName(term)))))
	);
	const byOwn = db.select({ id: contactPerson.id }).from(contactPerson).where(own);
	const byOrganisation = db
		.select({ id: contactPerson.id })
		.from(contactPerson)
		.innerJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(atOrganisation);
	return sql`${contactPerson.id} IN (${byOwn} UNION ${byOrganisation})`;
}

/**
 * One page of contact persons by last and first name, searched in the database, and how many
 * match. Every call is a `contacts.listed` audit event with the number of rows shown.
 */
export async function searchContacts(
	db: Db,
	actor: StaffActor,
	query: ContactQuery = {}
): Promise<Page<ContactRow>> {
	const includeArchived = query.includeArchived ?? false;
	const searched = normaliseQuery(query.q) !== '';
	const where = and(
		isNull(contactPerson.mergedIntoId),
		includeArchived ? undefined : isNull(contactPerson.archivedAt),
		contactSearchCondition(db, query.q)
	);
	const [counted] = await db
		.select({ total: count() })
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(where);
	const total = counted?.total ?? 0;
	const window = pageWindow(query.page, total);
	const rows = await db
		.select({
			id: contactPerson.id,
			firstName: contactPerson.firstName,
			lastName: contactPerson.lastName,
			title: contactPerson.title,
			email: contactPerson.email,
			phone: contactPerson.phone,
			source: contactPerson.source,
			archivedAt: contactPerson.archivedAt,
			organisation: { id: organisation.id, name: organisation.name }
		})
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(where)
		.orderBy(
			asc(searchKey(contactPerson.lastName)),
			asc(searchKey(contactPerson.firstName)),
			asc(contactPerson.id)
		)
		.limit(window.pageSize)
		.offset(window.offset);

	await recordContacts(db, actor, 'contacts.listed', null, {
		count: rows.length,
		details: { page: window.page, includeArchived, searched }
	});
	return { rows, total, page: window.page, pageSize: window.pageSize, pageCount: window.pageCount };
}
