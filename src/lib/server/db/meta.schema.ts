import { pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns';

/** Small facts about this installation, e.g. that the demo data was seeded once. */
export const appMeta = pgTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: updatedAt()
});
