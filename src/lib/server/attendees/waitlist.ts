import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { event, registration, type Registration } from '../db/schema';
import type { MailContext } from '../mail-context';
import { holdsSeat } from '../registrations/places';
import { recordAttendees, type StaffActor } from './audit';
import { changeRegistrant, mailPromoted } from './registrants';

export type MoveUpResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'not_waitlisted' | 'first' };

/**
 * Swaps a waiting person with the one just ahead of them. Under the event lock, so it cannot
 * interleave with a promotion that is taking the first place at the same moment.
 */
export async function moveUp(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	now: Date = new Date()
): Promise<MoveUpResult> {
	const move = async (tx: Tx, { current }: { current: Registration }): Promise<MoveUpResult> => {
		if (current.status !== 'waitlisted') return { ok: false, reason: 'not_waitlisted' };
		const position = current.waitlistPosition!;
		const [ahead] = await tx
			.select({ id: registration.id, position: registration.waitlistPosition })
			.from(registration)
			.where(
				and(
					eq(registration.eventId, eventId),
					eq(registration.status, 'waitlisted'),
					lt(registration.waitlistPosition, position)
				)
			)
			.orderBy(desc(registration.waitlistPosition))
			.limit(1);
		if (!ahead) return { ok: false, reason: 'first' };
		await tx
			.update(registration)
			.set({ waitlistPosition: ahead.position, updatedAt: now })
			.where(eq(registration.id, current.id));
		await tx
			.update(registration)
			.set({ waitlistPosition: position, updatedAt: now })
			.where(eq(registration.id, ahead.id));
		await recordAttendees(
			tx,
			actor,
			'registration.moved_up',
			{ type: 'registration', id: current.id },
			{ details: { eventId, passedId: ahead.id } }
		);
		return { ok: true };
	};
	return changeRegistrant(db, eventId, registrationId, move, { mails: false });
}

export type PromoteResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'not_waitlisted' | 'full' | 'event_cancelled' };

/**
 * Gives a waiting person a seat out of turn, only when one is free (seats held for offers are not):
 * a full event is never overbooked by hand (raise the capacity instead, which promotes in order).
 * A person holding an offer is confirmed into their held seat. The person is emailed.
 */
export async function promote(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<PromoteResult> {
	return changeRegistrant(
		db,
		eventId,
		registrationId,
		async (tx, { ev, current }): Promise<PromoteResult> => {
			if (current.status !== 'waitlisted') return { ok: false, reason: 'not_waitlisted' };
			if (ev.status === 'cancelled') return { ok: false, reason: 'event_cancelled' };
			// Someone offered a seat already has it held in the count: promoting them only confirms.
			// Anyone else needs a seat that is neither taken nor held for another's offer.
			if (!holdsSeat(current)) {
				if (ev.confirmedCount >= ev.capacity) return { ok: false, reason: 'full' };
				await tx
					.update(event)
					.set({ confirmedCount: sql`${event.confirmedCount} + 1` })
					.where(eq(event.id, eventId));
			}
			await tx
				.update(registration)
				.set({ status: 'confirmed', waitlistPosition: null, offerExpiresAt: null, updatedAt: now })
				.where(eq(registration.id, current.id));
			await mailPromoted(tx, current.id, ev, context);
			await recordAttendees(
				tx,
				actor,
				'registration.promoted_by_staff',
				{ type: 'registration', id: current.id },
				{ details: { eventId } }
			);
			return { ok: true };
		}
	);
}
