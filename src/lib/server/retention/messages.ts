import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { event, eventMessage } from '../db/schema';

/**
 * Messages staff wrote to an event's attendees (their text, author and counts) are kept with the
 * event and go on the date its registrations are anonymised: the end plus its retention days. Who
 * each went to goes with them (by cascade), if the anonymisation has not taken it already.
 */
export async function deleteExpiredMessages(tx: Tx, now: Date): Promise<number> {
	const expired = tx
		.select({ id: event.id })
		.from(event)
		.where(
			sql`${event.endsAt} + make_interval(days => ${event.retentionDays}) <= ${now.toISOString()}::timestamptz`
		);
	const deleted = await tx
		.delete(eventMessage)
		.where(inArray(eventMessage.eventId, expired))
		.returning({ id: eventMessage.id });
	return deleted.length;
}
