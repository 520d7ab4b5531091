import { and, asc, desc, eq, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { contactPerson, organisation } from '../db/schema';
import { byteOrder, foldSearchText, searchKey } from '../db/search-key';
import { similarity, workDomain } from './similarity';

export type MatchReason = 'email' | 'phone' | 'name_domain' | 'similar_name';

/** What a registrant is matched on: the fields a registration holds. */
export interface Registrant {
	firstName: string;
	lastName: string;
	emailNormalised: string | null;
	phone: string | null;
}

export interface Suggestion {
	contactId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	title: string | null;
	organisationId: string | null;
	organisationName: string | null;
	/** Strongest first. */
	reasons: MatchReason[];
	/** Name similarity, 0…1, shown beside "similar name". */
	nameSimilarity: number;
	score: number;
}

// An exact address or number identifies a person; the same name at the employer's domain nearly
// does; a similar name only hints. Scores keep that order whatever the similarity.
const WEIGHT: Record<MatchReason, number> = {
	email: 1000,
	phone: 800,
	name_domain: 600,
	similar_name: 0
};
const SIMILAR_ENOUGH = 0.45;
const CANDIDATE_LIMIT = 200;

const candidateColumns = {
	contactId: contactPerson.id,
	firstName: contactPerson.firstName,
	lastName: contactPerson.lastName,
	email: contactPerson.email,
	emailNormalised: contactPerson.emailNormalised,
	phone: contactPerson.phone,
	title: contactPerson.title,
	organisationId: contactPerson.organisationId,
	organisationName: organisation.name,
	organisationDomain: organisation.emailDomain
};

type Candidate = {
	contactId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	emailNormalised: string | null;
	phone: string | null;
	title: string | null;
	organisationId: string | null;
	organisationName: string | null;
	organisationDomain: string | null;
};

/** The index probes that find a registrant's candidates: none when nothing is known to match on. */
function candidateProbes(registrant: Registrant): SQL[] {
	const first = foldSearchText(registrant.firstName.trim());
	const lastPrefix = foldSearchText(registrant.lastName.trim()).slice(0, 3);
	return [
		registrant.emailNormalised
			? eq(byteOrder(contactPerson.emailNormalised), registrant.emailNormalised)
			: undefined,
		registrant.phone ? eq(byteOrder(contactPerson.phone), registrant.phone) : undefined,
		lastPrefix ? like(searchKey(contactPerson.lastName), `${escapeLike(lastPrefix)}%`) : undefined,
		first ? eq(searchKey(contactPerson.firstName), first) : undefined
	].filter((probe) => probe !== undefined);
}

const live = and(isNull(contactPerson.mergedIntoId), isNull(contactPerson.archivedAt));
// The id breaks ties between contacts created in one transaction, so which ones fall past the
// candidate limit never depends on the plan, and one page's batch sees what each row would.
const newestFirst = [desc(contactPerson.createdAt), asc(contactPerson.id)];

/**
 * Contact persons who may be this registrant, ranked, each with the reasons it matched: the same
 * normalised email; the same phone; the same name at an organisation whose email domain is the
 * registrant's (free-mail domains never count); a similar name (trigram similarity, computed here
 * so PGlite and PostgreSQL agree without pg_trgm). Each probe reads an index.
 */
export async function suggestContacts(
	db: Db | Tx,
	registrant: Registrant,
	limit = 5
): Promise<Suggestion[]> {
	const probes = candidateProbes(registrant);
	if (probes.length === 0) return [];
	const candidates: Candidate[] = await db
		.select(candidateColumns)
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(and(live, or(...probes)))
		.orderBy(...newestFirst)
		.limit(CANDIDATE_LIMIT);
	return rankCandidates(registrant, candidates, limit);
}

/**
 * suggestContacts for many registrants in one round trip, answer i for registrant i. Each
 * registrant keeps its own probe, order and limit as a branch of one UNION ALL, so the result is
 * exactly what one call per registrant gives; a contact several of them match is read once.
 */
export async function suggestContactsForEach(
	db: Db | Tx,
	registrants: Registrant[],
	limit = 5
): Promise<Suggestion[][]> {
	const branches = registrants.flatMap((registrant, index) => {
		const probes = candidateProbes(registrant);
		if (probes.length === 0) return [];
		const branch = db
			.select({ index: sql<number>`${index}::int`.as('row_index'), id: contactPerson.id })
			.from(contactPerson)
			.where(and(live, or(...probes)))
			.orderBy(...newestFirst)
			.limit(CANDIDATE_LIMIT);
		return [sql`(${branch})`];
	});
	const found = registrants.map((): Candidate[] => []);
	if (branches.length === 0) return registrants.map(() => []);

	const matched = sql`(${sql.join(branches, sql` UNION ALL `)}) AS matched`;
	const candidates = await db
		.select({ ...candidateColumns, indexes: sql<number[]>`array_agg(matched.row_index)` })
		.from(contactPerson)
		.innerJoin(matched, sql`matched.id = ${contactPerson.id}`)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.groupBy(contactPerson.id, organisation.id)
		.orderBy(...newestFirst);
	// Sorted as every branch is, each registrant's share arrives in its own query's order, which
	// decides between suggestions the ranking leaves tied.
	for (const { indexes, ...candidate } of candidates) {
		for (const index of indexes) found[index]!.push(candidate);
	}
	return registrants.map((registrant, i) => rankCandidates(registrant, found[i]!, limit));
}

function rankCandidates(
	registrant: Registrant,
	candidates: Candidate[],
	limit: number
): Suggestion[] {
	const first = foldSearchText(registrant.firstName.trim());
	const last = foldSearchText(registrant.lastName.trim());
	const domain = workDomain(registrant.emailNormalised);
	const registrantName = `${registrant.firstName} ${registrant.lastName}`;
	const ranked: Suggestion[] = [];
	for (const candidate of candidates) {
		const reasons: MatchReason[] = [];
		if (registrant.emailNormalised && candidate.emailNormalised === registrant.emailNormalised) {
			reasons.push('email');
		}
		if (registrant.phone && candidate.phone === registrant.phone) reasons.push('phone');
		const sameName =
			foldSearchText(candidate.firstName.trim()) === first &&
			foldSearchText(candidate.lastName.trim()) === last;
		const domains = [candidate.organisationDomain, workDomain(candidate.emailNormalised)];
		if (sameName && domain && domains.includes(domain)) reasons.push('name_domain');
		const nameSimilarity = similarity(
			registrantName,
			`${candidate.firstName} ${candidate.lastName}`
		);
		if (nameSimilarity >= SIMILAR_ENOUGH) reasons.push('similar_name');
		if (reasons.length === 0) continue;
		ranked.push({
			contactId: candidate.contactId,
			firstName: candidate.firstName,
			lastName: candidate.lastName,
			email: candidate.email,
			phone: candidate.phone,
			title: candidate.title,
			organisationId: candidate.organisationId,
			organisationName: candidate.organisationName,
			reasons,
			nameSimilarity,
			score: Math.max(...reasons.map((reason) => WEIGHT[reason])) + nameSimilarity * 100
		});
	}
	ranked.sort(
		(a, b) =>
			b.score - a.score ||
			a.lastName.localeCompare(b.lastName, 'fi') ||
			a.firstName.localeCompare(b.firstName, 'fi')
	);
	return ranked.slice(0, limit);
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The best match for each registrant not yet linked, for a page of the attendee list; linked rows
 * and rows without any match get nothing. One round trip for the whole page.
 */
export async function bestSuggestions(
	db: Db | Tx,
	rows: (Registrant & { id: string; contactId: string | null })[]
): Promise<Map<string, Suggestion>> {
	const unlinked = rows.filter((row) => !row.contactId);
	const found = await suggestContactsForEach(db, unlinked, 1);
	const best = new Map<string, Suggestion>();
	for (const [i, [top]] of found.entries()) if (top) best.set(unlinked[i]!.id, top);
	return best;
}
