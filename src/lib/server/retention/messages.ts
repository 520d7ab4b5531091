import { inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { eventMessage } from '../db/schema';
import { eventsPastRetention } from './past-events';

/**
 * Messages staff wrote to an event's attendees (their text, author and counts) are kept with the
 * event and go on the date its registrations are anonymised: the end plus its retention days. Who
 * each went to goes with them (by cascade), if the anonymisation has not taken it already.
 */
export async function deleteExpiredMessages(tx: Tx, now: Date): Promise<number> {
	const expired = eventsPastRetention(tx, now);
	const deleted = await tx
		.delete(eventMessage)
		.where(inArray(eventMessage.eventId, expired))
		.returning({ id: eventMessage.id });
	return deleted.length;
}
