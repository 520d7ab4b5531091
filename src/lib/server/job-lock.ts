import { sql } from 'drizzle-orm';
import type { Tx } from './db';
import { rowsOf } from './db/rows';

/**
 * The one-instance lock of the scheduled jobs that change data (retention, reminders), so while
 * one instance runs any of them, the others skip the round instead of doing the same work twice.
 * The number is the one retention used alone before, so a running older instance still yields.
 */
export const JOBS_LOCK = 74531104;

/** Takes the lock for the rest of the transaction, or answers false at once when another holds it. */
export async function tryJobsLock(tx: Tx): Promise<boolean> {
	const [row] = await tx
		.execute<{ locked: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${JOBS_LOCK}) AS locked`)
		.then(rowsOf<{ locked: boolean }>);
	return row?.locked === true;
}
