import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The stable key every record about a human points at, whether they are a registrant or a contact,
 * so that linking and merging add rows instead of rewriting history.
 */
export const person = pgTable('person', {
	id: uuid('id').primaryKey().defaultRandom(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export type Person = typeof person.$inferSelect;
