import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { event, eventImage } from '../db/schema';

/**
 * An event's image may show people, so it is kept no longer than the event's registrations: it
 * goes on the date they are anonymised (the end plus the event's retention days), with its
 * variants (by cascade). The event itself stays, now without a picture.
 */
export async function deleteExpiredImages(tx: Tx, now: Date): Promise<number> {
	const expired = tx
		.select({ id: event.id })
		.from(event)
		.where(
			sql`${event.endsAt} + make_interval(days => ${event.retentionDays}) <= ${now.toISOString()}::timestamptz`
		);
	const deleted = await tx
		.delete(eventImage)
		.where(inArray(eventImage.eventId, expired))
		.returning({ id: eventImage.eventId });
	return deleted.length;
}
