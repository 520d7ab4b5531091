import type { Tx } from '../db';
import { eventReminder } from '../db/schema';

/** A new event reminds its confirmed registrants once, a day before it starts; staff change it. */
export const DEFAULT_REMINDER_HOURS = [24] as const;

export async function addDefaultReminders(tx: Tx, eventId: string) {
	await tx
		.insert(eventReminder)
		.values(DEFAULT_REMINDER_HOURS.map((hours) => ({ eventId, hours })))
		.onConflictDoNothing();
}
