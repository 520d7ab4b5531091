import type { Db } from './db';
import { describeSafely } from './db/errors';
import { runRetention } from './retention';

/** How often the retention job runs; /staff/retention tells staff this figure. */
export const RETENTION_INTERVAL_MS = 10 * 60_000;
const FIRST_RUN_DELAY = 60_000;

type Holder = {
	ilmoJobs?: ReturnType<typeof setInterval>;
	ilmoFirstJob?: ReturnType<typeof setTimeout>;
};
const holder = globalThis as unknown as Holder;

/**
 * Periodic deletion inside the app: the retention job (DESIGN: every kind of periodic deletion
 * belongs to it). It takes an advisory lock, so with several instances one runs and the others
 * skip the round; a failed run removes nothing and is recorded, and the next round tries again.
 */
export function startScheduledJobs(db: Db, log = (message: string) => console.error(message)) {
	if (holder.ilmoJobs) return;
	const run = async () => {
		try {
			await runRetention(db, { trigger: 'timer' });
		} catch (error) {
			// The run is recorded with its error on /staff/retention.
			log(`[jobs] retention run failed: ${describeSafely(error)}`);
		}
	};
	holder.ilmoFirstJob = setTimeout(() => void run(), FIRST_RUN_DELAY);
	holder.ilmoFirstJob.unref();
	holder.ilmoJobs = setInterval(() => void run(), RETENTION_INTERVAL_MS);
	holder.ilmoJobs.unref();
}

export function stopScheduledJobs() {
	clearTimeout(holder.ilmoFirstJob);
	clearInterval(holder.ilmoJobs);
	holder.ilmoJobs = undefined;
	holder.ilmoFirstJob = undefined;
}
