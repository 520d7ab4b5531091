import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, rowId, updatedAt } from './columns';
import { event } from './events.schema';
import { registration } from './registrations.schema';
import { staffUser } from './staff.schema';

/**
 * Mail about an event the person signed up for, sent on the basis of the registration itself:
 * reminders before it, an optional message after it, and messages staff write to attendees.
 * Every message goes through the outbox; the rows here say who was sent what, so nothing goes twice.
 */

/** 'before_start': hours before the start, to confirmed registrants; 'after_end': after the end, to those checked in. */
export const reminderKind = pgEnum('reminder_kind', ['before_start', 'after_end']);

export const eventReminder = pgTable(
	'event_reminder',
	{
		id: rowId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => event.id, { onDelete: 'cascade' }),
		kind: reminderKind('kind').notNull().default('before_start'),
		hours: integer('hours').notNull(),
		// Staff switch a reminder off without losing its settings.
		enabled: boolean('enabled').notNull().default(true),
		// An optional note staff add (before_start), or the message itself (after_end), per language;
		// an empty text falls back to Finnish.
		subjectFi: text('subject_fi').notNull().default(''),
		subjectSv: text('subject_sv').notNull().default(''),
		subjectEn: text('subject_en').notNull().default(''),
		bodyFi: text('body_fi').notNull().default(''),
		bodySv: text('body_sv').notNull().default(''),
		bodyEn: text('body_en').notNull().default(''),
		// Set when the job first sent it; counts stay after the per-registration rows are gone.
		sentAt: timestamp('sent_at', { withTimezone: true }),
		queuedCount: integer('queued_count').notNull().default(0),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		unique('event_reminder_event_kind_hours_uq').on(t.eventId, t.kind, t.hours),
		check('event_reminder_hours_positive', sql`${t.hours} > 0`)
	]
);

/** One row per (reminder, registration): written with the outbox row, so each goes exactly once. */
export const reminderDelivery = pgTable(
	'reminder_delivery',
	{
		reminderId: uuid('reminder_id')
			.notNull()
			.references(() => eventReminder.id, { onDelete: 'cascade' }),
		registrationId: uuid('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		// The outbox row (no foreign key: sent mail is deleted by retention before this row may be).
		outboxId: bigint('outbox_id', { mode: 'number' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.reminderId, t.registrationId] }),
		index('reminder_delivery_registration_idx').on(t.registrationId)
	]
);

export const messageAudience = pgEnum('message_audience', [
	'confirmed',
	'waitlisted',
	'checked_in',
	'not_checked_in'
]);
export const messageStatus = pgEnum('message_status', ['draft', 'sending', 'sent']);

/** A message staff write to an event's attendees; kept with the event, deleted by its retention. */
export const eventMessage = pgTable(
	'event_message',
	{
		id: rowId(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => event.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => staffUser.id, { onDelete: 'set null' }),
		audience: messageAudience('audience').array().notNull(),
		// Promotional content: only people whose ledger allows email marketing now, with unsubscribe.
		marketing: boolean('marketing').notNull().default(false),
		subjectFi: text('subject_fi').notNull().default(''),
		subjectSv: text('subject_sv').notNull().default(''),
		subjectEn: text('subject_en').notNull().default(''),
		bodyFi: text('body_fi').notNull().default(''),
		bodySv: text('body_sv').notNull().default(''),
		bodyEn: text('body_en').notNull().default(''),
		status: messageStatus('status').notNull().default('draft'),
		recipientCount: integer('recipient_count').notNull().default(0),
		// Left out by the marketing rule (no permission now), counted so staff see why.
		excludedCount: integer('excluded_count').notNull().default(0),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('event_message_event_idx').on(t.eventId, t.createdAt)]
);

/** Who a message went to: goes with the registration's anonymisation. */
export const eventMessageRecipient = pgTable(
	'event_message_recipient',
	{
		messageId: uuid('message_id')
			.notNull()
			.references(() => eventMessage.id, { onDelete: 'cascade' }),
		registrationId: uuid('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		outboxId: bigint('outbox_id', { mode: 'number' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.messageId, t.registrationId] }),
		index('event_message_recipient_registration_idx').on(t.registrationId)
	]
);

export type EventReminder = typeof eventReminder.$inferSelect;
export type ReminderKind = (typeof reminderKind.enumValues)[number];
export type EventMessage = typeof eventMessage.$inferSelect;
export type MessageAudience = (typeof messageAudience.enumValues)[number];
