import type { Db } from './db';
import * as rateLimits from './rate-limit';

const TEN_MINUTES = 10 * 60_000;

type Holder = { ilmoJobs?: ReturnType<typeof setInterval> };
const holder = globalThis as unknown as Holder;

/**
 * Periodic clean-up inside the app. Each job is a single idempotent statement, so several instances
 * running it at once do no harm. The retention issue adds its job here.
 */
export function startScheduledJobs(db: Db, log = (message: string) => console.error(message)) {
	if (holder.ilmoJobs) return;
	const run = async () => {
		try {
			await rateLimits.purgeExpired(db);
		} catch (error) {
			log(`[jobs] rate-limit clean-up failed: ${error instanceof Error ? error.message : error}`);
		}
	};
	holder.ilmoJobs = setInterval(() => void run(), TEN_MINUTES);
	holder.ilmoJobs.unref();
}

export function stopScheduledJobs() {
	clearInterval(holder.ilmoJobs);
	holder.ilmoJobs = undefined;
}
