import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { event, registration } from '../db/schema';

/** A waiting-list place as people count it: 1 for the first still waiting, whatever was promoted. */
export async function waitlistRank(
	db: Db | Tx,
	eventId: string,
	position: number
): Promise<number> {
	const [row] = await db
		.select({ rank: sql<number>`count(*)::int` })
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				eq(registration.status, 'waitlisted'),
				lte(registration.waitlistPosition, position)
			)
		);
	return row?.rank ?? 1;
}

export async function listForEvent(db: Db | Tx, eventId: string) {
	return db.select().from(registration).where(eq(registration.eventId, eventId));
}

/** Every registration held for one email, newest event first, with its event. */
export async function listForEmail(
	db: Db | Tx,
	emailNormalised: string,
	options: { includeCancelled?: boolean } = {}
) {
	const rows = await db
		.select({ registration, event })
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(
			and(
				eq(registration.emailNormalised, emailNormalised),
				options.includeCancelled ? undefined : ne(registration.status, 'cancelled')
			)
		)
		.orderBy(asc(event.startsAt));
	return rows;
}

export async function findByIds(db: Db | Tx, ids: string[]) {
	if (ids.length === 0) return [];
	return db.select().from(registration).where(inArray(registration.id, ids));
}
