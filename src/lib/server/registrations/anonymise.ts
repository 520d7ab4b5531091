import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import {
	checkIn,
	eventMessageRecipient,
	person,
	registrantDismissal,
	registration,
	reminderDelivery
} from '../db/schema';
import { jobMailContext } from '../mail-context';
import { lockEvent, releaseSeat } from './places';
import { mailPassedSeats } from './seat-mail';

/**
 * What an anonymised registration is called from then on: it keeps its event, status, times and
 * check-in state, so counts and history stay true, but names nobody.
 */
export const ERASED_FIRST_NAME = 'Poistettu';
export const ERASED_LAST_NAME = 'henkilö';

type HeldOffer = { id: string; eventId: string };

/**
 * The offers among them, with their events locked first, in one order, as every seat change takes
 * the event lock before the registration rows (offers/index.ts): no deadlock with an answer.
 */
async function lockHeldOffers(tx: Tx, ids: string[]): Promise<HeldOffer[]> {
	const held = await tx
		.select({ id: registration.id, eventId: registration.eventId })
		.from(registration)
		.where(and(inArray(registration.id, ids), isNotNull(registration.offerExpiresAt)))
		.orderBy(registration.eventId);
	for (const eventId of new Set(held.map((offer) => offer.eventId))) await lockEvent(tx, eventId);
	return held;
}

/**
 * An open offer among them can no longer be answered (the link that opened it goes with the
 * anonymisation): it is withdrawn, as a declined offer would be, and the held seat passes on as
 * any freed seat does: offered to the next in line (who is mailed), else back to the pool. Run
 * after the rows lost their emails, so the seat is never offered to one of them.
 */
async function withdrawOffers(tx: Tx, held: HeldOffer[], now: Date): Promise<void> {
	for (const offer of held) {
		const ev = await lockEvent(tx, offer.eventId);
		const [withdrawn] = await tx
			.update(registration)
			.set({ status: 'cancelled', waitlistPosition: null, offerExpiresAt: null, updatedAt: now })
			.where(and(eq(registration.id, offer.id), isNotNull(registration.offerExpiresAt)))
			.returning({ id: registration.id });
		if (!withdrawn || !ev) continue;
		// No request brings the origin here (erasure, retention): links point where jobs' mail does.
		const passed = await releaseSeat(tx, ev.id, now);
		await mailPassedSeats(tx, [passed], ev, jobMailContext());
	}
}

/**
 * Anonymises registrations, for an erasure and for the retention job alike. Each row gets a person
 * key of its own, so the kept rows no longer tie a person's sign-ups together, and a dismissal, so
 * it never waits in the linking queue. Who was sent which reminder or message goes too (the
 * counts stay on the reminder and the message), and so does the check-in history (which staff
 * member let them in, from which device): checked_in_at alone keeps the event's arrival count.
 * The ticket's hashes are cleared and its version raised, so an old ticket, printed or in a mail,
 * scans as unknown and no ticket can be issued again under the same code. The callers delete the
 * tokens that opened it. Returns how many check-ins went, for the retention job's figures.
 */
export async function anonymiseRegistrations(
	tx: Tx,
	ids: string[],
	options: { now: Date; dismissedBy?: string | null }
): Promise<{ checkInsDeleted: number }> {
	if (ids.length === 0) return { checkInsDeleted: 0 };
	const held = await lockHeldOffers(tx, ids);
	await tx.delete(reminderDelivery).where(inArray(reminderDelivery.registrationId, ids));
	await tx.delete(eventMessageRecipient).where(inArray(eventMessageRecipient.registrationId, ids));
	const checkIns = await tx
		.delete(checkIn)
		.where(inArray(checkIn.registrationId, ids))
		.returning({ id: checkIn.id });
	const fresh = await tx
		.insert(person)
		.values(ids.map(() => ({})))
		.returning({ id: person.id });
	for (const [i, id] of ids.entries()) {
		await tx
			.update(registration)
			.set({
				personId: fresh[i]!.id,
				firstName: ERASED_FIRST_NAME,
				lastName: ERASED_LAST_NAME,
				email: null,
				emailNormalised: null,
				phone: null,
				street: null,
				postalCode: null,
				city: null,
				ticketHash: null,
				voidTicketHash: null,
				ticketVersion: sql`${registration.ticketVersion} + 1`,
				updatedAt: options.now
			})
			.where(eq(registration.id, id));
	}
	await withdrawOffers(tx, held, options.now);
	await tx
		.insert(registrantDismissal)
		.values(fresh.map((key) => ({ personId: key.id, dismissedBy: options.dismissedBy ?? null })))
		.onConflictDoNothing();
	return { checkInsDeleted: checkIns.length };
}
