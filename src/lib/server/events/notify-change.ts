import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, type Event } from '../db/schema';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from '../registrations/mailing';

/** The fields whose change staff may tell everyone signed up about. */
const TIME_AND_PLACE = ['startsAt', 'endsAt', 'location'] as const;

/** Whether a save changed the event's time or place. */
export function movesTimeOrPlace(changed: readonly string[]): boolean {
	return TIME_AND_PLACE.some((key) => changed.includes(key));
}

/**
 * Queues an 'updated' mail to every active registration with an email, in their language, in the
 * transaction that saved the change (holding the event lock). A confirmed seat gets its calendar
 * entry again under the same UID with a higher SEQUENCE, so the calendar moves it; a waiting-list
 * place gets the new time and place without one. Returns how many were queued.
 */
export async function notifyTimeOrPlaceChange(
	tx: Tx,
	before: Event,
	after: Event,
	context: MailContext
): Promise<number> {
	const registrants = await tx
		.select()
		.from(registration)
		.where(and(eq(registration.eventId, after.id), ne(registration.status, 'cancelled')))
		.orderBy(asc(registration.createdAt));
	const previous = { startsAt: before.startsAt, endsAt: before.endsAt, location: before.location };
	let notified = 0;
	for (const reg of registrants) {
		if (!reg.email) continue;
		await enqueueRegistrationMail(tx, 'updated', reg, after, context, null, previous);
		notified++;
	}
	return notified;
}
