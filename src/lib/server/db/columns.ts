/**
 * The columns most tables share, written once so they are the same everywhere. Each is a function:
 * Drizzle needs a fresh column builder for every table it is used in.
 */
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** A row's own key: a random UUID the database fills in, so an id tells nothing of order or count. */
export const rowId = () => uuid('id').primaryKey().defaultRandom();

/** When the row was written, by the database's clock. */
export const createdAt = () =>
	timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** When the row last changed; the code that changes it sets it (no trigger does). */
export const updatedAt = () =>
	timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
