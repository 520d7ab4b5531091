import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { registration, type Event } from '../db/schema';
import { zoneSql, showUpRate, statusCounts, type ShowUpRate, type StatusCounts } from './figures';

/** One day with sign-ups: how many signed up that day, and how many had by its end. */
export interface SignupDay {
	/** 'YYYY-MM-DD' in Finnish time. */
	day: string;
	signups: number;
	/** Of that day's sign-ups, where they stand now. */
	confirmed: number;
	waitlisted: number;
	cancelled: number;
	/** Every sign-up up to and including this day. */
	total: number;
}

export interface EventStatistics extends StatusCounts {
	ended: boolean;
	showUpRate: ShowUpRate;
	/** Days with at least one sign-up, in order. */
	days: SignupDay[];
}

/** An event's figures: two aggregate queries, whatever the number of registrants. */
export async function summariseEvent(
	db: Db,
	ev: Pick<Event, 'id' | 'endsAt'>,
	now: Date = new Date()
): Promise<EventStatistics> {
	const [counts] = await db
		.select(statusCounts())
		.from(registration)
		.where(eq(registration.eventId, ev.id));
	const day = sql<string>`to_char(${registration.createdAt} AT TIME ZONE ${zoneSql}, 'YYYY-MM-DD')`;
	const { signups, confirmed, waitlisted, cancelled } = statusCounts();
	const rows = await db
		.select({ day, signups, confirmed, waitlisted, cancelled })
		.from(registration)
		.where(eq(registration.eventId, ev.id))
		.groupBy(day)
		.orderBy(day);
	let total = 0;
	const days = rows.map((row) => ({ ...row, total: (total += row.signups) }));
	const ended = ev.endsAt <= now;
	return {
		...counts!,
		ended,
		showUpRate: showUpRate(ended, counts!.confirmed, counts!.checkedIn),
		days
	};
}
