import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { event } from '../db/schema';

/**
 * The events whose registrations' date has come (the end plus the event's retention days): what is
 * kept with an event and may name people (messages to attendees, its picture) goes on that date.
 * A subquery, for `inArray(…, eventsPastRetention(tx, now))`.
 */
export function eventsPastRetention(tx: Tx, now: Date) {
	return tx
		.select({ id: event.id })
		.from(event)
		.where(
			sql`${event.endsAt} + make_interval(days => ${event.retentionDays}) <= ${now.toISOString()}::timestamptz`
		);
}
