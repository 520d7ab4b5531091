import { integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './bytes';
import { event } from './events.schema';
import { staffUser } from './staff.schema';

/**
 * What the staff member who added an event image confirmed: it shows no identifiable person, or the
 * people shown have consented (recorded outside Ilmo). An image of a person is personal data: it is
 * deleted with the event's retention either way.
 */
export const imagePeople = pgEnum('image_people', ['none', 'consent_recorded']);

/** An event's picture: re-encoded on the server (no metadata survives) and stored here, never elsewhere. */
export const eventImage = pgTable('event_image', {
	eventId: uuid('event_id')
		.primaryKey()
		.references(() => event.id, { onDelete: 'cascade' }),
	/** Content hash of the re-encoded image: its URLs carry it, so they can be cached for a year. */
	hash: text('hash').notNull(),
	/** The largest variant's size; the others keep its aspect ratio. */
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	/** Finnish alt text is required; the other languages fall back to it when empty. */
	altFi: text('alt_fi').notNull(),
	altSv: text('alt_sv').notNull().default(''),
	altEn: text('alt_en').notNull().default(''),
	people: imagePeople('people').notNull(),
	confirmedBy: uuid('confirmed_by').references(() => staffUser.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** One encoding of an event image at one width ('webp' for pages, 'jpeg' for link previews). */
export const eventImageVariant = pgTable(
	'event_image_variant',
	{
		eventId: uuid('event_id')
			.notNull()
			.references(() => eventImage.eventId, { onDelete: 'cascade' }),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		format: text('format').$type<'webp' | 'jpeg'>().notNull(),
		bytes: bytea('bytes').notNull()
	},
	(t) => [primaryKey({ columns: [t.eventId, t.width, t.format] })]
);

export type EventImage = typeof eventImage.$inferSelect;
export type EventImageVariant = typeof eventImageVariant.$inferSelect;
export type ImagePeople = (typeof imagePeople.enumValues)[number];
