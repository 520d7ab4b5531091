import { and, asc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { registration, type Event, type MessageAudience } from '../db/schema';
import { asLocale, type Locale } from '../../locale';
import { findMayMarketByEmail } from '../permissions';

/** Who is in a group, as of `now`. "Did not check in" means anything only once the event is over. */
function groupCondition(group: MessageAudience, ev: Pick<Event, 'endsAt'>, now: Date): SQL {
	switch (group) {
		case 'confirmed':
			return eq(registration.status, 'confirmed');
		case 'waitlisted':
			return eq(registration.status, 'waitlisted');
		case 'checked_in':
			return and(ne(registration.status, 'cancelled'), isNotNull(registration.checkedInAt))!;
		case 'not_checked_in':
			return ev.endsAt.getTime() <= now.getTime()
				? and(eq(registration.status, 'confirmed'), isNull(registration.checkedInAt))!
				: sql`false`;
	}
}

/** The registrations of the event in any of the chosen groups (each once, however many it is in). */
export function audienceCondition(
	ev: Pick<Event, 'id' | 'endsAt'>,
	audience: readonly MessageAudience[],
	now: Date
): SQL {
	const groups = audience.map((group) => groupCondition(group, ev, now));
	return and(eq(registration.eventId, ev.id), groups.length > 0 ? or(...groups) : sql`false`)!;
}

const hasEmail = and(isNotNull(registration.email), ne(registration.email, ''))!;

export interface Candidate {
	id: string;
	personId: string;
	email: string;
	locale: Locale;
}

/** The next page of the audience with an email address, in id order, after `afterId`. */
export async function audiencePage(
	db: Db | Tx,
	where: SQL,
	afterId: string | null,
	limit: number
): Promise<Candidate[]> {
	const rows = await db
		.select({
			id: registration.id,
			personId: registration.personId,
			email: registration.email,
			locale: registration.locale
		})
		.from(registration)
		.where(and(where, hasEmail, afterId ? gt(registration.id, afterId) : undefined))
		.orderBy(asc(registration.id))
		.limit(limit);
	return rows.map((row) => ({ ...row, email: row.email!, locale: asLocale(row.locale) }));
}

/**
 * Those of `ids` still in the audience inside the caller's transaction, read afresh (a registrant
 * who cancelled or changed their address since the page was read is seen as they are now) and
 * share-locked, so a cancellation in flight waits for the batch to commit rather than slip past it.
 */
export async function stillInAudience(tx: Tx, where: SQL, ids: string[]): Promise<Candidate[]> {
	if (ids.length === 0) return [];
	const rows = await tx
		.select({
			id: registration.id,
			personId: registration.personId,
			email: registration.email,
			locale: registration.locale
		})
		.from(registration)
		.where(and(where, hasEmail, inArray(registration.id, ids)))
		.orderBy(asc(registration.id))
		.for('share');
	return rows.map((row) => ({ ...row, email: row.email!, locale: asLocale(row.locale) }));
}

/**
 * The candidates whose ledger allows email marketing now: a person never asked, one who withdrew
 * and one who objected are all left out (917/2014 §200 needs prior consent). The permissions
 * module's own rules for the whole list at once, so the rule lives in one place and a large
 * audience is not a few queries per person.
 */
export async function mayMarketByEmail<T extends { personId: string }>(
	db: Db | Tx,
	candidates: T[]
): Promise<T[]> {
	const allowed = await findMayMarketByEmail(
		db,
		candidates.map((candidate) => candidate.personId)
	);
	return candidates.filter((candidate) => allowed.has(candidate.personId));
}

export interface AudienceCount {
	/** Who would get it, per language. */
	byLocale: Record<Locale, number>;
	withoutEmail: number;
	/** Only on a marketing message: in the groups with an email, but no permission now. */
	withoutPermission: number;
}

/** How the audience splits now: what the preview shows and the send records. */
export async function countAudience(
	db: Db | Tx,
	ev: Pick<Event, 'id' | 'endsAt'>,
	message: { audience: readonly MessageAudience[]; marketing: boolean },
	now: Date
): Promise<AudienceCount> {
	const where = audienceCondition(ev, message.audience, now);
	const [{ withoutEmail } = { withoutEmail: 0 }] = await db
		.select({ withoutEmail: sql<number>`count(*)::int` })
		.from(registration)
		.where(and(where, or(isNull(registration.email), eq(registration.email, ''))));
	const emailed = await audiencePage(db, where, null, 1_000_000);
	const reached = message.marketing ? await mayMarketByEmail(db, emailed) : emailed;
	const byLocale: Record<Locale, number> = { fi: 0, sv: 0, en: 0 };
	for (const row of reached) byLocale[row.locale]++;
	return { byLocale, withoutEmail, withoutPermission: emailed.length - reached.length };
}
