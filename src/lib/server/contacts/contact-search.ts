import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, organisation, type ContactSource } from '../db/schema';
import { byteOrder, matchKey, searchKey } from '../db/search-key';
import { readListPage, type Cursor, type ListPage, type SortKey } from '../list';
import { recordContacts, type StaffActor } from './audit';
import { emailPrefix, foldedTerms, normaliseQuery, phonePrefixes, startsWith } from './search-text';

export interface ContactQuery {
	q?: string;
	/** Archived contacts are left out unless asked for; merged-away ones are never listed. */
	includeArchived?: boolean;
	/** The page to show (parseListQuery with CONTACT_CURSOR_KINDS); none: the first. */
	cursor?: Cursor | null;
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

export type ContactPage = ListPage<ContactRow>;

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

/** What every list of contact persons shows of each: who they are and how to reach them. */
export const contactListColumns = {
	id: contactPerson.id,
	firstName: contactPerson.firstName,
	lastName: contactPerson.lastName,
	title: contactPerson.title,
	email: contactPerson.email,
	phone: contactPerson.phone
};

const contactKeys: SortKey[] = [
	{ expression: searchKey(contactPerson.lastName), kind: 'text' },
	{ expression: searchKey(contactPerson.firstName), kind: 'text' },
	{ expression: sql`${contactPerson.id}`, kind: 'id' }
];

/** The kinds of the contact list's sort keys, to check a cursor in the URL against. */
export const CONTACT_CURSOR_KINDS = contactKeys.map((key) => key.kind);

/**
 * One page of contact persons by last and first name, searched in the database and read by keyset
 * from the index of that order (contact_person_name_idx), and how many match up to COUNT_CAP.
 * Every call is a `contacts.listed` audit event with the number of rows shown.
 */
export async function searchContacts(
	db: Db,
	actor: StaffActor,
	query: ContactQuery = {}
): Promise<ContactPage> {
	const includeArchived = query.includeArchived ?? false;
	const searched = normaliseQuery(query.q) !== '';
	const where = and(
		isNull(contactPerson.mergedIntoId),
		includeArchived ? undefined : isNull(contactPerson.archivedAt),
		contactSearchCondition(db, query.q)
	);
	const page = await readListPage(db, {
		matching: db.select({ id: contactPerson.id }).from(contactPerson).where(where),
		where,
		keys: contactKeys,
		cursor: query.cursor ?? null,
		read: async (condition, orderBy, limit) => {
			const found = await db
				.select({
					...contactListColumns,
					source: contactPerson.source,
					archivedAt: contactPerson.archivedAt,
					organisation: { id: organisation.id, name: organisation.name },
					lastKey: searchKey(contactPerson.lastName),
					firstKey: searchKey(contactPerson.firstName)
				})
				.from(contactPerson)
				.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
				.where(condition)
				.orderBy(...orderBy)
				.limit(limit);
			return found.map(({ lastKey, firstKey, ...row }) => ({
				row: row satisfies ContactRow,
				key: [lastKey, firstKey, row.id]
			}));
		}
	});

	await recordContacts(db, actor, 'contacts.listed', null, {
		count: page.rows.length,
		details: { continued: query.cursor != null, includeArchived, searched }
	});
	return page;
}
