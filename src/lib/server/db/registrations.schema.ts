import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { event } from './events.schema';
import { personKey } from './people.schema';
import { byteOrder, matchKey, searchKey } from './search-key';
import { rowId, createdAt, updatedAt } from './columns';

export const registrationStatus = pgEnum('registration_status', [
	'confirmed',
	'waitlisted',
	'cancelled'
]);

export const registration = pgTable(
	'registration',
	{
		id: rowId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => event.id, { onDelete: 'restrict' }),
		personId: personKey('restrict'),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull(),
		// Null for a registrant staff added by hand without one (a phone sign-up): no mail, no manage link.
		email: text('email'),
		emailNormalised: text('email_normalised'),
		phone: text('phone'),
		street: text('street'),
		postalCode: text('postal_code'),
		city: text('city'),
		locale: text('locale').notNull(),
		status: registrationStatus('status').notNull(),
		waitlistPosition: integer('waitlist_position'),
		checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
		// The ticket: its code is derived (tickets/code.ts: an HMAC of id and version under
		// ILMO_SECRET_KEY), never stored; only its SHA-256 (hex) is, for the lookup at the door.
		// Cancelling raises the version and moves the hash to void_ticket_hash, so the old ticket is
		// void and a scan of it says "cancelled"; a cancelled registration has no current ticket.
		ticketVersion: integer('ticket_version').notNull().default(1),
		ticketHash: text('ticket_hash'),
		voidTicketHash: text('void_ticket_hash'),
		// The iCalendar SEQUENCE of this registration's calendar entry: raised with every update or
		// withdrawal mailed, so calendar clients apply them in order (RFC 5546).
		calendarSequence: integer('calendar_sequence').notNull().default(0),
		// The registrant may turn reminders off on their manage page; other mail about the event stays.
		remindersEnabled: boolean('reminders_enabled').notNull().default(true),
		// A waiting registrant offered a freed seat (the event's 'offer' mode) until this moment; the
		// seat is held for them in event.confirmed_count meanwhile.
		offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
		noticeVersion: text('notice_version').notNull(),
		purgeAfter: timestamp('purge_after', { withTimezone: true }).notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('registration_event_status_idx').on(t.eventId, t.status),
		index('registration_email_idx').on(t.emailNormalised),
		// One active registration per person and event; a cancelled one does not block a new sign-up.
		uniqueIndex('registration_active_email_uq')
			.on(t.eventId, t.emailNormalised)
			.where(sql`${t.status} <> 'cancelled'`),
		index('registration_person_idx').on(t.personId),
		index('registration_purge_idx').on(t.purgeAfter),
		// The staff attendee list and the door search: sort by name and match name, email and phone
		// prefixes within one event from indexes, even with 10,000 registrants (see attendees/search.ts).
		index('registration_event_name_idx').on(
			t.eventId,
			searchKey(t.lastName),
			searchKey(t.firstName),
			t.id
		),
		// Searches match accent-folded keys (matchKey: "hamalainen" finds Hämäläinen).
		index('registration_event_last_name_idx').on(t.eventId, matchKey(t.lastName)),
		index('registration_event_first_name_idx').on(t.eventId, matchKey(t.firstName)),
		index('registration_event_email_idx').on(t.eventId, matchKey(t.emailNormalised)),
		index('registration_event_phone_idx').on(t.eventId, byteOrder(t.phone)),
		// Finding a person by phone across events: data-subject requests, the audit person filter.
		index('registration_phone_idx').on(byteOrder(t.phone)),
		index('registration_event_created_idx').on(t.eventId, t.createdAt, t.id),
		// The waiting list in order: promotion, moving people up and their rank ("3rd in line").
		index('registration_event_waitlist_idx')
			.on(t.eventId, t.waitlistPosition)
			.where(sql`${t.status} = 'waitlisted'`),
		check(
			'registration_waitlist_position',
			sql`(${t.status} = 'waitlisted') = (${t.waitlistPosition} IS NOT NULL)`
		),
		check(
			'registration_offer_waitlisted',
			sql`${t.offerExpiresAt} IS NULL OR ${t.status} = 'waitlisted'`
		),
		uniqueIndex('registration_ticket_hash_uq')
			.on(t.ticketHash)
			.where(sql`${t.ticketHash} IS NOT NULL`),
		index('registration_void_ticket_hash_idx')
			.on(t.voidTicketHash)
			.where(sql`${t.voidTicketHash} IS NOT NULL`),
		// The offer expiry job's scan.
		index('registration_offer_idx')
			.on(t.offerExpiresAt)
			.where(sql`${t.offerExpiresAt} IS NOT NULL`)
	]
);

export type Registration = typeof registration.$inferSelect;
export type NewRegistration = typeof registration.$inferInsert;
export type RegistrationStatus = (typeof registrationStatus.enumValues)[number];
