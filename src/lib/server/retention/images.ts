import { inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { eventImage } from '../db/schema';
import { eventsPastRetention } from './past-events';

/**
 * An event's image may show people, so it is kept no longer than the event's registrations: it
 * goes on the date they are anonymised (the end plus the event's retention days), with its
 * variants (by cascade). The event itself stays, now without a picture.
 */
export async function deleteExpiredImages(tx: Tx, now: Date): Promise<number> {
	const expired = eventsPastRetention(tx, now);
	const deleted = await tx
		.delete(eventImage)
		.where(inArray(eventImage.eventId, expired))
		.returning({ id: eventImage.eventId });
	return deleted.length;
}
