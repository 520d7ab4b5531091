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
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, rowId, updatedAt } from './columns';
import { event } from './events.schema';
import { person } from './people.schema';
import { registration, registrationStatus } from './registrations.schema';

/**
 * What the booker chose, on the form, for a group larger than the seats left: 'all_or_none' registers
 * nobody unless every attendee gets a seat; 'fill_then_wait' seats them in the order entered and
 * puts the rest on the waiting list.
 */
export const groupMode = pgEnum('group_mode', ['all_or_none', 'fill_then_wait']);

/**
 * A group sign-up: a fleet manager (the booker) registering several drivers at once. Each attendee
 * is a registration of their own (registration_group_member links them); the group row holds the
 * booker. A booker who attends is also one of the members; one who does not is kept here as the
 * group's contact (name and email only) for as long as the group's registrations are
 * (purge_after is the latest of theirs). Personal data of the booker: access report, erasure
 * (booker columns cleared, person_id kept as the key), retention, backups.
 */
export const registrationGroup = pgTable(
	'registration_group',
	{
		id: rowId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => event.id, { onDelete: 'restrict' }),
		/** The booker's person key (found or made by email, like a registrant's). */
		bookerPersonId: uuid('booker_person_id')
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		// Null once erased or anonymised.
		bookerFirstName: text('booker_first_name'),
		bookerLastName: text('booker_last_name'),
		bookerEmail: text('booker_email'),
		bookerEmailNormalised: text('booker_email_normalised'),
		bookerAttends: boolean('booker_attends').notNull(),
		mode: groupMode('mode').notNull(),
		/** The booker's language: their mails and group page. */
		locale: text('locale').notNull(),
		noticeVersion: text('notice_version').notNull(),
		purgeAfter: timestamp('purge_after', { withTimezone: true }).notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('registration_group_event_idx').on(t.eventId),
		index('registration_group_booker_idx').on(t.bookerPersonId),
		index('registration_group_email_idx').on(t.bookerEmailNormalised),
		index('registration_group_purge_idx').on(t.purgeAfter)
	]
);

/**
 * One attendee of a group, as the booker entered them: the booker sees and manages these, never the
 * attendee's own later corrections (which are the attendee's business). registration_id is null
 * when nothing new was stored for them (the email already had a registration for this event: the
 * booker's answer must not reveal that) or once their registration is purged.
 */
export const registrationGroupMember = pgTable(
	'registration_group_member',
	{
		id: rowId(),
		groupId: uuid('group_id')
			.notNull()
			.references(() => registrationGroup.id, { onDelete: 'cascade' }),
		/** 1…n in the order entered: the order seats are filled in. */
		position: integer('position').notNull(),
		registrationId: uuid('registration_id').references(() => registration.id, {
			onDelete: 'set null'
		}),
		isBooker: boolean('is_booker').notNull().default(false),
		// As entered by the booker; cleared (null) when the attendee is erased.
		firstName: text('first_name'),
		lastName: text('last_name'),
		email: text('email'),
		/** What the booker was told at sign-up: confirmed or waitlisted. */
		answeredStatus: registrationStatus('answered_status').notNull(),
		/** When the booker cancelled this attendee from the group page. */
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		unique('registration_group_member_position_uq').on(t.groupId, t.position),
		index('registration_group_member_registration_idx').on(t.registrationId),
		check('registration_group_member_position_positive', sql`${t.position} > 0`)
	]
);

export type RegistrationGroup = typeof registrationGroup.$inferSelect;
export type RegistrationGroupMember = typeof registrationGroupMember.$inferSelect;
export type GroupMode = (typeof groupMode.enumValues)[number];
