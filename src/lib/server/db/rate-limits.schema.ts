import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Fixed-window counters. The key is an HMAC of the client address with a key rotated daily, so no
 * address is ever stored and yesterday's rows cannot be linked to today's.
 */
export const rateLimit = pgTable(
	'rate_limit',
	{
		bucket: text('bucket').notNull(),
		keyHash: text('key_hash').notNull(),
		windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
		windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
		hits: integer('hits').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.bucket, t.keyHash, t.windowStart] }),
		index('rate_limit_window_end_idx').on(t.windowEnd)
	]
);
