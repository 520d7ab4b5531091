import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { registration } from '../db/schema';
import * as mail from '../mail';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from './mailing';
import type { RegistrationMailKind } from '../mail/templates/registration';
import { holdsSeat, lockEvent, passedIds, releaseSeat } from './places';
import type { ManageView } from './manage';
import { mailPassedSeats } from './seat-mail';
import { voidTicket } from '../tickets';

/**
 * What cancelling writes to a registration, wherever it happens (the person, staff, a declined or
 * lapsed offer): no place in the queue, no offer, and a void ticket, so a scan of it says cancelled.
 */
export function cancelledRow(now: Date) {
	return {
		status: 'cancelled' as const,
		waitlistPosition: null,
		offerExpiresAt: null,
		updatedAt: now,
		...voidTicket
	};
}

/** promotedId: who was confirmed into the freed seat; offeredId: who was offered it instead. */
export type CancelResult =
	{ ok: true; promotedId: string | null; offeredId?: string } | { ok: false };

/**
 * Cancels one of the link holder's registrations. A seat (confirmed, or held for their offer) goes
 * to the first person on the waiting list, who is emailed; both messages are queued in the same
 * transaction.
 */
export async function cancelOwn(
	db: Db,
	view: ManageView,
	registrationId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<CancelResult> {
	const own = view.active.find((a) => a.registration.id === registrationId);
	if (!own) return { ok: false };

	const result = await db.transaction((tx) =>
		cancelInTx(tx, own.event.id, registrationId, context, now)
	);
	if (result.ok) mail.wake();
	return result;
}

/**
 * The cancel itself, inside the caller's transaction: the event lock first (as every seat change),
 * then the row; a freed seat passes to the waiting list. `kind` says who cancelled in the mail to
 * the registrant ('cancelled_by_booker' when a group's booker did). The caller wakes the mailer.
 */
export async function cancelInTx(
	tx: Tx,
	eventId: string,
	registrationId: string,
	context: MailContext,
	now: Date,
	kind: Extract<RegistrationMailKind, 'cancelled' | 'cancelled_by_booker'> = 'cancelled'
): Promise<CancelResult> {
	const ev = await lockEvent(tx, eventId);
	const [current] = await tx
		.select()
		.from(registration)
		.where(eq(registration.id, registrationId))
		.for('update');
	// A staff move (attendees/move.ts) may have taken the row to another date since the caller
	// looked: its seat is then no longer this event's to release.
	if (!ev || !current || current.eventId !== ev.id || current.status === 'cancelled') {
		return { ok: false };
	}
	await tx.update(registration).set(cancelledRow(now)).where(eq(registration.id, registrationId));
	const passed = holdsSeat(current) ? await releaseSeat(tx, ev.id, now) : null;
	await enqueueRegistrationMail(tx, kind, current, ev, context);
	await mailPassedSeats(tx, [passed], ev, context);
	return { ok: true, ...passedIds(passed) };
}
