import { boolean, index, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { rowId } from './columns';

export const retentionTrigger = pgEnum('retention_trigger', ['timer', 'cli', 'staff']);

/** Each run of the retention job and what it removed: the "last runs" on /staff/retention. */
export const retentionRun = pgTable(
	'retention_run',
	{
		id: rowId(),
		trigger: retentionTrigger('trigger').notNull(),
		dryRun: boolean('dry_run').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		// Counts per category only: the run's record must not hold what it removed.
		counts: jsonb('counts').$type<Record<string, number>>(),
		error: text('error')
	},
	(t) => [index('retention_run_started_idx').on(t.startedAt)]
);

export type RetentionRun = typeof retentionRun.$inferSelect;
