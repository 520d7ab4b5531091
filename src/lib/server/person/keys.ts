import { eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { personAlias } from '../db/schema';

// Links and merges form short chains (registrant → contact → merged survivor); a bound keeps a
// corrupted cycle from looping for ever.
const MAX_DEPTH = 16;

/** The key a person is known by now: follows link and merge aliases to the end of the chain. */
export async function resolvePerson(db: Db | Tx, personId: string): Promise<string> {
	let current = personId;
	for (let depth = 0; depth < MAX_DEPTH; depth++) {
		const [alias] = await db
			.select({ canonicalId: personAlias.canonicalId })
			.from(personAlias)
			.where(eq(personAlias.personId, current));
		if (!alias) return current;
		current = alias.canonicalId;
	}
	return current;
}

/**
 * Every key that resolves to `canonicalId`, itself included: the records of a contact are the
 * records under any of these keys (their registrations before they became a contact, a merged
 * duplicate's history).
 */
export async function personKeysOf(db: Db | Tx, canonicalId: string): Promise<string[]> {
	const keys = new Set([canonicalId]);
	let frontier = [canonicalId];
	for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
		const rows = await db
			.select({ personId: personAlias.personId })
			.from(personAlias)
			.where(inArray(personAlias.canonicalId, frontier));
		frontier = rows.map((row) => row.personId).filter((id) => !keys.has(id));
		for (const id of frontier) keys.add(id);
	}
	return [...keys];
}

/**
 * SQL for "the canonical key of this person column", for list queries: no round trips, and for the
 * many registrants without an alias one index probe and no recursion.
 */
export function canonicalPersonSql(column: AnyColumn | SQL) {
	return sql<string>`(CASE WHEN EXISTS (SELECT 1 FROM person_alias pa WHERE pa.person_id = ${column})
		THEN (WITH RECURSIVE chain(id, depth) AS (
			SELECT ${column}, 0
			UNION ALL
			SELECT a.canonical_id, c.depth + 1 FROM person_alias a JOIN chain c ON a.person_id = c.id
			WHERE c.depth < ${sql.raw(String(MAX_DEPTH))}
		) SELECT id FROM chain ORDER BY depth DESC LIMIT 1)
		ELSE ${column} END)`;
}

/** The live contact a person column belongs to now, as SQL: its id, or null. */
export function linkedContactSql(column: AnyColumn | SQL) {
	return sql<string | null>`(SELECT lc.id FROM contact_person lc
		WHERE lc.person_id = ${canonicalPersonSql(column)} AND lc.merged_into_id IS NULL)`;
}

/** The organisation name of that contact, for attendee lists and the door. */
export function linkedOrganisationSql(column: AnyColumn | SQL) {
	return sql<string | null>`(SELECT lo.name FROM contact_person lc
		JOIN organisation lo ON lo.id = lc.organisation_id
		WHERE lc.person_id = ${canonicalPersonSql(column)} AND lc.merged_into_id IS NULL)`;
}

/**
 * The registration row's person key, named in full: drizzle leaves columns of a one-table query
 * unqualified, and inside the subqueries above `person_id` would mean the subquery's own rows.
 */
export const registrationPersonSql = sql.raw('"registration"."person_id"');
