import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { createdAt, rowId } from './columns';

/**
 * The stable key every record about a human points at, whether they are a registrant or a contact,
 * so that linking and merging add rows instead of rewriting history.
 */
export const person = pgTable('person', {
	id: rowId(),
	createdAt: createdAt()
});

export type Person = typeof person.$inferSelect;

/**
 * The person key a row belongs to. Deleting the person is each table's call: `restrict` where the
 * row is evidence or history that must be anonymised first, `cascade` where it means nothing alone.
 */
export const personKey = (onDelete: 'restrict' | 'cascade') =>
	uuid('person_id')
		.notNull()
		.references(() => person.id, { onDelete });
