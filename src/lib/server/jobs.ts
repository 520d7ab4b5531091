import type { Db } from './db';
import { describeSafely } from './db/errors';
import { jobMailContext, type MailContext } from './mail-context';
import { expireOffers } from './offers';
import { sendDueReminders } from './reminders';
import { runRetention } from './retention';

/** How often the retention job runs; /staff/retention tells staff this figure. */
export const RETENTION_INTERVAL_MS = 10 * 60_000;
/** Reminders and offer deadlines are due to the minute, so their jobs look every minute. */
export const EVERY_MINUTE = 60_000;
const FIRST_RUN_DELAY = 60_000;

export type JobTrigger = 'timer' | 'cli';

export interface JobOptions {
	trigger: JobTrigger;
	now?: Date;
	/** Links in the mail a job sends; defaults to ORIGIN (there is no request to take it from). */
	context?: MailContext;
}

/** What one run of one job did, in a line a person reads (the CLI prints it, the timer logs it). */
export type JobReport =
	{ job: string; ok: true; summary: string } | { job: string; ok: false; error: string };

interface ScheduledJob {
	name: string;
	intervalMs: number;
	run(
		db: Db,
		options: Required<Pick<JobOptions, 'trigger' | 'context'>> & { now: Date }
	): Promise<string>;
}

function describeCounts(counts: Record<string, number>) {
	return Object.entries(counts)
		.map(([name, count]) => `${name} ${count}`)
		.join(', ');
}

/**
 * Every scheduled job. Each one that sends or deletes takes the one-instance advisory lock itself,
 * so with several instances one runs and the others skip the round ("busy").
 */
export const JOBS: readonly ScheduledJob[] = [
	{
		// Periodic deletion (DESIGN: every kind of it belongs to this job). A failed run removes
		// nothing and is recorded with its error on /staff/retention; the next round tries again.
		name: 'retention',
		intervalMs: RETENTION_INTERVAL_MS,
		async run(db, { trigger, now }) {
			const outcome = await runRetention(db, { trigger, now });
			return outcome.ran ? describeCounts(outcome.counts) : 'busy: another instance runs it';
		}
	},
	{
		// Each (reminder, registration) once: its delivery row is written with the outbox row.
		name: 'reminders',
		intervalMs: EVERY_MINUTE,
		async run(db, { now, context }) {
			const outcome = await sendDueReminders(db, { now, context });
			return outcome.ran
				? `queued ${outcome.queued} (from ${outcome.reminders} reminders)`
				: 'busy: another instance runs it';
		}
	},
	{
		// A lapsed offer's seat passes on within a minute of its deadline. No one-instance lock is
		// needed: each offer is settled under its event's row lock, so two instances settle it once.
		name: 'offers',
		intervalMs: EVERY_MINUTE,
		async run(db, { now, context }) {
			return describeCounts({ ...(await expireOffers(db, { now, context })) });
		}
	}
];

/** Runs one job, turning a failure into a report, so one failing job never stops the others. */
async function runJob(
	db: Db,
	job: ScheduledJob,
	options: Required<Pick<JobOptions, 'trigger' | 'context'>> & { now: Date }
): Promise<JobReport> {
	try {
		return { job: job.name, ok: true, summary: await job.run(db, options) };
	} catch (error) {
		return { job: job.name, ok: false, error: describeSafely(error) };
	}
}

/** Every scheduled job once, now, one after the other (`npm run ilmo -- jobs:run`). */
export async function runAllJobs(db: Db, options: JobOptions): Promise<JobReport[]> {
	const resolved = {
		trigger: options.trigger,
		now: options.now ?? new Date(),
		context: options.context ?? jobMailContext()
	};
	const reports: JobReport[] = [];
	for (const job of JOBS) reports.push(await runJob(db, job, resolved));
	return reports;
}

type Holder = {
	ilmoJobs?: ReturnType<typeof setInterval>[];
	ilmoFirstJobs?: ReturnType<typeof setTimeout>[];
};
const holder = globalThis as unknown as Holder;

/** Starts every job on its own timer inside the app; failures are logged and retried next round. */
export function startScheduledJobs(db: Db, log = (message: string) => console.error(message)) {
	if (holder.ilmoJobs) return;
	holder.ilmoJobs = [];
	holder.ilmoFirstJobs = [];
	for (const job of JOBS) {
		const run = async () => {
			const report = await runJob(db, job, {
				trigger: 'timer',
				now: new Date(),
				context: jobMailContext()
			});
			if (!report.ok) log(`[jobs] ${job.name} failed: ${report.error}`);
		};
		const first = setTimeout(() => void run(), FIRST_RUN_DELAY);
		first.unref();
		const every = setInterval(() => void run(), job.intervalMs);
		every.unref();
		holder.ilmoFirstJobs.push(first);
		holder.ilmoJobs.push(every);
	}
}

export function stopScheduledJobs() {
	for (const timer of holder.ilmoFirstJobs ?? []) clearTimeout(timer);
	for (const timer of holder.ilmoJobs ?? []) clearInterval(timer);
	holder.ilmoJobs = undefined;
	holder.ilmoFirstJobs = undefined;
}
