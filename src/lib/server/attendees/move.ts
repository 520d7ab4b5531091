import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { isId } from '../db/ids';
import { event, registration, type Event } from '../db/schema';
import * as mail from '../mail';
import type { MailContext } from '../mail-context';
import { waitlistRank } from '../registrations';
import { enqueueRegistrationMail } from '../registrations/mailing';
import { holdsSeat, lockEvent, passedIds, releaseSeat } from '../registrations/places';
import { mailPassedSeats } from '../registrations/seat-mail';
import { recordAttendees, type StaffActor } from './audit';

export type MoveResult =
	| { ok: true; status: 'confirmed' | 'waitlisted'; promotedId: string | null }
	| {
			ok: false;
			reason: 'not_found' | 'cancelled' | 'not_in_series' | 'closed' | 'full' | 'duplicate';
	  };

const DAY_MS = 86_400_000;

/**
 * Moves a registrant to another date of the same series. A confirmed seat moves only onto a free
 * seat (a full date is refused, never overbooked); a waiting person takes a free seat there, or
 * the end of that date's waiting list. The old seat goes on as a cancellation's would. Both events
 * are locked in id order, so two moves in opposite directions cannot deadlock. The person gets the
 * target's confirmation (or waiting-list) mail: its calendar entry has the same UID and a higher
 * SEQUENCE, so it moves the entry they already have instead of adding a second one.
 */
export async function moveRegistrant(
	db: Db,
	actor: StaffActor,
	fromEventId: string,
	registrationId: string,
	toEventId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<MoveResult> {
	// Ids come from a URL and a form; PostgreSQL raises on one that is no uuid.
	if (!isId(fromEventId) || !isId(registrationId) || !isId(toEventId)) {
		return { ok: false, reason: 'not_found' };
	}
	if (fromEventId === toEventId) return { ok: false, reason: 'not_in_series' };
	const result = await db.transaction(async (tx): Promise<MoveResult> => {
		const locked = new Map<string, Event | null>();
		for (const id of [fromEventId, toEventId].sort()) locked.set(id, await lockEvent(tx, id));
		const from = locked.get(fromEventId);
		const to = locked.get(toEventId);
		if (!from || !to) return { ok: false, reason: 'not_found' };
		const [current] = await tx
			.select()
			.from(registration)
			.where(and(eq(registration.id, registrationId), eq(registration.eventId, from.id)))
			.for('update');
		if (!current) return { ok: false, reason: 'not_found' };
		if (current.status === 'cancelled') return { ok: false, reason: 'cancelled' };
		if (!from.seriesId || from.seriesId !== to.seriesId) {
			return { ok: false, reason: 'not_in_series' };
		}
		if (to.status !== 'published' || to.startsAt <= now) return { ok: false, reason: 'closed' };
		if (current.emailNormalised) {
			const [taken] = await tx
				.select({ id: registration.id })
				.from(registration)
				.where(
					and(
						eq(registration.eventId, to.id),
						eq(registration.emailNormalised, current.emailNormalised),
						ne(registration.status, 'cancelled')
					)
				)
				.limit(1);
			if (taken) return { ok: false, reason: 'duplicate' };
		}

		const free = to.confirmedCount < to.capacity;
		if (current.status === 'confirmed' && !free) return { ok: false, reason: 'full' };
		let position: number | null = null;
		if (free) {
			await tx
				.update(event)
				.set({ confirmedCount: sql`${event.confirmedCount} + 1` })
				.where(eq(event.id, to.id));
		} else {
			const [queued] = await tx
				.update(event)
				.set({ waitlistSeq: sql`${event.waitlistSeq} + 1` })
				.where(eq(event.id, to.id))
				.returning({ position: event.waitlistSeq });
			position = queued!.position;
		}
		const status = free ? ('confirmed' as const) : ('waitlisted' as const);
		const [moved] = await tx
			.update(registration)
			.set({
				eventId: to.id,
				status,
				waitlistPosition: position,
				offerExpiresAt: null,
				checkedInAt: null,
				purgeAfter: new Date(to.endsAt.getTime() + to.retentionDays * DAY_MS),
				updatedAt: now
			})
			.where(eq(registration.id, current.id))
			.returning();
		// A seat held at the old date (confirmed, or offered to a waiting person) passes on there.
		const passed = holdsSeat(current) ? await releaseSeat(tx, from.id, now) : null;
		const { promotedId } = passedIds(passed);
		const rank = position ? await waitlistRank(tx, to.id, position) : null;
		await enqueueRegistrationMail(tx, status, moved!, to, context, rank);
		await recordAttendees(
			tx,
			actor,
			'registration.moved_by_staff',
			{ type: 'registration', id: current.id },
			{ details: { from: from.id, to: to.id, was: current.status, status, promotedId } }
		);
		await mailPassedSeats(tx, [passed], from, context);
		return { ok: true, status, promotedId };
	});
	if (result.ok) mail.wake();
	return result;
}
