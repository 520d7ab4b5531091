import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import {
	event,
	eventMessageRecipient,
	person,
	registrantDismissal,
	registration,
	reminderDelivery
} from '../db/schema';
import { lockEvent } from './places';

/**
 * What an anonymised registration is called from then on: it keeps its event, status, times and
 * check-in, so counts and history stay true, but names nobody.
 */
export const ERASED_FIRST_NAME = 'Poistettu';
export const ERASED_LAST_NAME = 'henkilö';

/**
 * An open offer among them can no longer be answered (the link that opened it goes with the
 * anonymisation): it is withdrawn and the held seat goes back to the pool, so the event's count
 * stays exact. There is no mail context here to offer it to the next in line; the next sign-up
 * or staff (promoting by hand) take it. The registration ends as a cancelled one, as a declined
 * offer would.
 */
async function withdrawOffers(tx: Tx, ids: string[], now: Date): Promise<void> {
	const held = await tx
		.select({ id: registration.id, eventId: registration.eventId })
		.from(registration)
		.where(and(inArray(registration.id, ids), isNotNull(registration.offerExpiresAt)));
	for (const offer of held) {
		await lockEvent(tx, offer.eventId);
		const [withdrawn] = await tx
			.update(registration)
			.set({ status: 'cancelled', waitlistPosition: null, offerExpiresAt: null, updatedAt: now })
			.where(and(eq(registration.id, offer.id), isNotNull(registration.offerExpiresAt)))
			.returning({ id: registration.id });
		if (!withdrawn) continue;
		await tx
			.update(event)
			.set({ confirmedCount: sql`${event.confirmedCount} - 1` })
			.where(eq(event.id, offer.eventId));
	}
}

/**
 * Anonymises registrations, for an erasure and for the retention job alike. Each row gets a person
 * key of its own, so the kept rows no longer tie a person's sign-ups together, and a dismissal, so
 * it never waits in the linking queue. Who was sent which reminder or message goes too (the
 * counts stay on the reminder and the message). The callers delete the tokens that opened it.
 */
export async function anonymiseRegistrations(
	tx: Tx,
	ids: string[],
	options: { now: Date; dismissedBy?: string | null }
): Promise<void> {
	if (ids.length === 0) return;
	await withdrawOffers(tx, ids, options.now);
	await tx.delete(reminderDelivery).where(inArray(reminderDelivery.registrationId, ids));
	await tx.delete(eventMessageRecipient).where(inArray(eventMessageRecipient.registrationId, ids));
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
				updatedAt: options.now
			})
			.where(eq(registration.id, id));
	}
	await tx
		.insert(registrantDismissal)
		.values(fresh.map((key) => ({ personId: key.id, dismissedBy: options.dismissedBy ?? null })))
		.onConflictDoNothing();
}
