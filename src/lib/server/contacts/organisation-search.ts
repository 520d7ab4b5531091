import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { normaliseBusinessId } from '../../schemas/business-id';
import type { Db } from '../db';
import { contactPerson, organisation, type CustomerStatus } from '../db/schema';
import { byteOrder, matchKey, searchKey } from '../db/search-key';
import { readListPage, type Cursor, type ListPage, type SortKey } from '../list';
import { recordContacts, type StaffActor } from './audit';
import { emailPrefix, foldedTerms, normaliseQuery, phonePrefixes, startsWith } from './search-text';

export interface OrganisationQuery {
	q?: string;
	status?: CustomerStatus | 'all';
	/** Archived organisations are left out unless asked for; then they are listed with the others. */
	includeArchived?: boolean;
	/** The page to show (parseListQuery with ORGANISATION_CURSOR_KINDS); none: the first. */
	cursor?: Cursor | null;
}

export interface OrganisationRow {
	id: string;
	name: string;
	businessId: string | null;
	city: string | null;
	email: string | null;
	phone: string | null;
	customerStatus: CustomerStatus;
	archivedAt: Date | null;
	/** Live contact persons (not archived, not merged away). */
	contacts: number;
}

export type OrganisationPage = ListPage<OrganisationRow>;

/**
 * Typed y-tunnus digits as a prefix of the stored `1234567-8`: "123", "1234567", "1234567-8" and
 * "12345678" all find it.
 */
function businessIdPrefix(query: string): string | null {
	const compact = query.replace(/\s/g, '');
	if (/^\d{8}$/.test(compact)) return `${compact.slice(0, 7)}-${compact.slice(7)}`;
	if (/^\d{3,7}(-\d?)?$/.test(compact)) return compact;
	return null;
}

/** An email domain typed on its own ("wetteri.fi" or "@wetteri.fi"), matched whole. */
function emailDomain(query: string): string | null {
	const domain = query.toLowerCase().replace(/^@/, '');
	return /^[^\s@]+\.[^\s@]+$/.test(domain) ? domain : null;
}

/**
 * What the organisation search box matches: the start of the name or the city (case and accents
 * folded the way matchKey does), of the y-tunnus, of the email address or of the phone number,
 * or a whole email domain. Undefined for an empty query.
 */
export function organisationSearchCondition(text: string | undefined): SQL | undefined {
	const query = normaliseQuery(text);
	if (!query) return undefined;
	const { folded } = foldedTerms(query);
	const branches: (SQL | undefined)[] = [
		startsWith(matchKey(organisation.name), folded),
		startsWith(matchKey(organisation.city), folded)
	];
	const email = emailPrefix(query);
	if (email) branches.push(startsWith(matchKey(organisation.email), email));
	const domain = emailDomain(query);
	if (domain) branches.push(eq(organisation.emailDomain, domain));
	// A whole y-tunnus written with its hyphen is looked up in the unique index, and is no phone.
	const exact = query.includes('-') ? normaliseBusinessId(query) : null;
	if (exact) return or(...branches, eq(organisation.businessId, exact));
	// Digits alone may start a y-tunnus or a phone number. Neither column has a byte-order index
	// (contacts.schema.ts), so such a search scans the table: fine for a dealer's few thousand
	// organisations; indexes on byteOrder(business_id) and byteOrder(phone) would serve it as is.
	const businessId = businessIdPrefix(query);
	if (businessId) branches.push(startsWith(byteOrder(organisation.businessId), businessId));
	for (const prefix of phonePrefixes(query)) {
		branches.push(startsWith(byteOrder(organisation.phone), prefix));
	}
	return or(...branches);
}

const organisationKeys: SortKey[] = [
	{ expression: searchKey(organisation.name), kind: 'text' },
	{ expression: sql`${organisation.id}`, kind: 'id' }
];

/** The kinds of the organisation list's sort keys, to check a cursor in the URL against. */
export const ORGANISATION_CURSOR_KINDS = organisationKeys.map((key) => key.kind);

/**
 * One page of organisations by name, filtered and searched in the database and read by keyset
 * from the index of that order (organisation_name_idx), and how many match up to COUNT_CAP. Every
 * call is an `organisations.listed` audit event with the number of rows shown (never the search
 * text).
 */
export async function searchOrganisations(
	db: Db,
	actor: StaffActor,
	query: OrganisationQuery = {}
): Promise<OrganisationPage> {
	const status = query.status ?? 'all';
	const includeArchived = query.includeArchived ?? false;
	const searched = normaliseQuery(query.q) !== '';
	const where = and(
		status === 'all' ? undefined : eq(organisation.customerStatus, status),
		includeArchived ? undefined : isNull(organisation.archivedAt),
		organisationSearchCondition(query.q)
	);
	const page = await readListPage(db, {
		matching: db.select({ id: organisation.id }).from(organisation).where(where),
		where,
		keys: organisationKeys,
		cursor: query.cursor ?? null,
		read: async (condition, orderBy, limit) => {
			const found = await db
				.select({
					row: {
						id: organisation.id,
						name: organisation.name,
						businessId: organisation.businessId,
						city: organisation.city,
						email: organisation.email,
						phone: organisation.phone,
						customerStatus: organisation.customerStatus,
						archivedAt: organisation.archivedAt
					},
					nameKey: searchKey(organisation.name)
				})
				.from(organisation)
				.where(condition)
				.orderBy(...orderBy)
				.limit(limit);
			return found.map((r) => ({ row: r.row, key: [r.nameKey, r.row.id] }));
		}
	});
	const counts = await liveContactCounts(
		db,
		page.rows.map((row) => row.id)
	);
	const rows = page.rows.map((row) => ({ ...row, contacts: counts.get(row.id) ?? 0 }));

	await recordContacts(db, actor, 'organisations.listed', null, {
		count: rows.length,
		details: { continued: query.cursor != null, status, includeArchived, searched }
	});
	return { ...page, rows };
}

async function liveContactCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: contactPerson.organisationId, contacts: sql<number>`count(*)::int` })
		.from(contactPerson)
		.where(
			and(
				inArray(contactPerson.organisationId, ids),
				isNotNull(contactPerson.organisationId),
				isNull(contactPerson.mergedIntoId),
				isNull(contactPerson.archivedAt)
			)
		)
		.groupBy(contactPerson.organisationId);
	return new Map(rows.map((row) => [row.id!, row.contacts]));
}
