import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId } from './columns';
import { event } from './events.schema';
import { registration } from './registrations.schema';
import { staffUser } from './staff.schema';

/**
 * Every check-in that reached the server, from a name search, a ticket scan or a door device's
 * offline queue. registration.checked_in_at is the state; these rows are its history, so two door
 * devices checking in one person offline keep both times, and "already checked in (when, by whom)"
 * names the staff user. Personal data: it goes with the registration (cascade, erasure, retention)
 * and is in the person's access report.
 */
export const checkInSource = pgEnum('check_in_source', ['search', 'scan', 'offline']);

/** 'accepted' set the arrival; 'duplicate' came after another; 'refused' met a registration no longer confirmed. */
export const checkInOutcome = pgEnum('check_in_outcome', ['accepted', 'duplicate', 'refused']);

export const checkIn = pgTable(
	'check_in',
	{
		id: rowId(),
		registrationId: uuid('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		eventId: uuid('event_id')
			.notNull()
			.references(() => event.id, { onDelete: 'cascade' }),
		staffUserId: uuid('staff_user_id').references(() => staffUser.id, { onDelete: 'set null' }),
		// A random id a door device makes for itself, so "the other device" can be told apart.
		deviceId: text('device_id'),
		source: checkInSource('source').notNull(),
		outcome: checkInOutcome('outcome').notNull(),
		// When it happened at the door (a device's own clock for offline check-ins, bounded by the server).
		at: timestamp('at', { withTimezone: true }).notNull(),
		receivedAt: createdAt()
	},
	(t) => [
		index('check_in_registration_idx').on(t.registrationId, t.at),
		index('check_in_event_idx').on(t.eventId, t.at)
	]
);

export type CheckIn = typeof checkIn.$inferSelect;
export type CheckInSource = (typeof checkInSource.enumValues)[number];
export type CheckInOutcome = (typeof checkInOutcome.enumValues)[number];
