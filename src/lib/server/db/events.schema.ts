import { sql } from 'drizzle-orm';
import {
	check,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { rowId, createdAt, updatedAt } from './columns';

export const fieldPolicy = pgEnum('field_policy', ['hidden', 'optional', 'required']);
export const eventStatus = pgEnum('event_status', ['draft', 'published', 'cancelled']);
/**
 * What a freed seat does: 'automatic' confirms the first person waiting at once; 'offer' holds it
 * for them until a deadline, and they accept or decline on their manage page.
 */
export const waitlistMode = pgEnum('waitlist_mode', ['automatic', 'offer']);

/** Dates of one repeated event (a monthly driver training): each date is its own event row. */
export const eventSeries = pgTable('event_series', {
	id: rowId(),
	createdAt: createdAt()
});

export const event = pgTable(
	'event',
	{
		id: rowId(),
		slug: text('slug').notNull().unique(),
		titleFi: text('title_fi').notNull(),
		// English and Swedish are optional: an empty text falls back to Finnish (lib/event-text.ts).
		titleEn: text('title_en').notNull().default(''),
		titleSv: text('title_sv').notNull().default(''),
		descriptionFi: text('description_fi').notNull().default(''),
		descriptionEn: text('description_en').notNull().default(''),
		descriptionSv: text('description_sv').notNull().default(''),
		startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
		location: text('location').notNull(),
		capacity: integer('capacity').notNull(),
		// Kept beside capacity so one conditional UPDATE can claim a seat exactly under concurrency.
		confirmedCount: integer('confirmed_count').notNull().default(0),
		// Last waiting-list number handed out; positions are 1…n in arrival order.
		waitlistSeq: integer('waitlist_seq').notNull().default(0),
		registrationOpensAt: timestamp('registration_opens_at', { withTimezone: true }),
		registrationClosesAt: timestamp('registration_closes_at', { withTimezone: true }),
		phonePolicy: fieldPolicy('phone_policy').notNull().default('optional'),
		addressPolicy: fieldPolicy('address_policy').notNull().default('hidden'),
		status: eventStatus('status').notNull().default('draft'),
		retentionDays: integer('retention_days').notNull().default(90),
		// The event's contact person: shown on its page and in its mails; replies to its mails go here.
		contactName: text('contact_name').notNull().default(''),
		contactEmail: text('contact_email').notNull().default(''),
		contactPhone: text('contact_phone').notNull().default(''),
		waitlistMode: waitlistMode('waitlist_mode').notNull().default('automatic'),
		// How long an offered seat is held; a deadline never passes the event's start.
		offerHours: integer('offer_hours').notNull().default(24),
		seriesId: uuid('series_id').references((): AnyPgColumn => eventSeries.id, {
			onDelete: 'set null'
		}),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		check('event_capacity_nonnegative', sql`${t.capacity} >= 0`),
		check(
			'event_confirmed_within_capacity',
			sql`${t.confirmedCount} >= 0 AND ${t.confirmedCount} <= ${t.capacity}`
		),
		check('event_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
		check('event_retention_nonnegative', sql`${t.retentionDays} >= 0`),
		check('event_offer_hours_positive', sql`${t.offerHours} > 0`)
	]
);

export type Event = typeof event.$inferSelect;
export type NewEvent = typeof event.$inferInsert;
export type WaitlistMode = (typeof waitlistMode.enumValues)[number];
export type EventSeries = typeof eventSeries.$inferSelect;
export type FieldPolicy = (typeof fieldPolicy.enumValues)[number];
