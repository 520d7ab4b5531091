import { sql, type SQL } from 'drizzle-orm';
import { registration } from '../db/schema';
import { canonicalPersonSql, registrationPersonSql } from '../person/keys';

/**
 * The figures every statistic counts, as SQL aggregates over registration rows (left-joined rows of
 * an event without registrants count nothing). Anonymised registrations keep their status, times
 * and check-in, so they count like any other.
 */

/** The time zone days and months are counted in: the dealer's events happen in Turku. */
export const STATISTICS_TIME_ZONE = 'Europe/Helsinki';

/**
 * The zone as an SQL literal, not a parameter: a grouped expression must read the same in SELECT
 * and GROUP BY, and two parameters with one value are two expressions to PostgreSQL.
 */
export const zoneSql = sql.raw(`'${STATISTICS_TIME_ZONE}'`);

const count = (condition: SQL) =>
	sql<number>`(count(${registration.id}) FILTER (WHERE ${condition}))::int`;

/**
 * A registrant became a contact: a contact record was made from this registration, or their person
 * key (through link and merge aliases) is a live contact's now. Both tests are semi-joins the planner
 * hashes once, so 10,000 registrants cost one pass, not one contact scan each.
 */
const becameContact = sql`(${registration.id} IN (SELECT sc.from_registration_id FROM contact_person sc
		WHERE sc.from_registration_id IS NOT NULL)
	OR ${canonicalPersonSql(registrationPersonSql)} IN (SELECT sc.person_id FROM contact_person sc
		WHERE sc.merged_into_id IS NULL))`;

export const checkedInSql = sql`${registration.status} = 'confirmed' AND ${registration.checkedInAt} IS NOT NULL`;

/** Sign-ups and where they stand now; a checked-in registrant holds a confirmed seat. */
export function statusCounts() {
	return {
		signups: sql<number>`(count(${registration.id}))::int`,
		confirmed: count(sql`${registration.status} = 'confirmed'`),
		waitlisted: count(sql`${registration.status} = 'waitlisted'`),
		cancelled: count(sql`${registration.status} = 'cancelled'`),
		checkedIn: count(checkedInSql),
		contacts: count(becameContact)
	};
}

export interface StatusCounts {
	signups: number;
	confirmed: number;
	waitlisted: number;
	cancelled: number;
	checkedIn: number;
	contacts: number;
}

/**
 * Checked in ÷ confirmed once the event is over: 'not_yet' before it ends (people are still
 * arriving), null when it ended with nobody confirmed (no rate to give).
 */
export type ShowUpRate = number | 'not_yet' | null;

export function showUpRate(ended: boolean, confirmed: number, checkedIn: number): ShowUpRate {
	if (!ended) return 'not_yet';
	return confirmed > 0 ? checkedIn / confirmed : null;
}
