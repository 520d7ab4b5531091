import { and, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { event, registration } from '../db/schema';
import {
	STATISTICS_TIME_ZONE,
	zoneSql,
	checkedInSql,
	showUpRate,
	statusCounts,
	type ShowUpRate,
	type StatusCounts
} from './figures';

/** A calendar month as 'YYYY-MM'. */
export type Month = string;

export interface MonthRange {
	from: Month;
	to: Month;
}

export interface MonthStatistics extends StatusCounts {
	month: Month;
	/** Events starting in the month (drafts left out: nobody could sign up to them). */
	events: number;
	/** Checked in ÷ confirmed over the month's events that are over. */
	showUpRate: ShowUpRate;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether the value has the form 'YYYY-MM' (any four-digit year). */
export function isMonth(value: string): boolean {
	return MONTH.test(value);
}

/**
 * The years the figures are read for. Past 9999 a month has no 'YYYY-MM' form (the database
 * refuses '10000-01' and the page would fail), and year 0000 is 1 BC to PostgreSQL, which counts
 * the wrong events; nobody's events are outside these years.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

/** Whether the month is one the figures can be read for: 'YYYY-MM' in the years above. */
export function isReadableMonth(value: string): boolean {
	const year = Number(MONTH.exec(value)?.[1]);
	return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** The month `count` months after `month` (before, when negative). */
export function addMonths(month: Month, count: number): Month {
	const [, year, mon] = MONTH.exec(month)!;
	const index = Number(year) * 12 + Number(mon) - 1 + count;
	return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `range.from` to `range.to`, both included. */
export function monthsIn(range: MonthRange): Month[] {
	const months: Month[] = [];
	for (let month = range.from; month <= range.to; month = addMonths(month, 1)) months.push(month);
	return months;
}

const monthFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: STATISTICS_TIME_ZONE,
	year: 'numeric',
	month: '2-digit'
});

/** The month an instant falls in, in Finnish time. */
export function monthOf(date: Date): Month {
	return monthFormat.format(date).slice(0, 7);
}

/** The default view: the twelve months up to and including this one. */
export function lastTwelveMonths(now: Date = new Date()): MonthRange {
	const to = monthOf(now);
	return { from: addMonths(to, -11), to };
}

/**
 * The figures per month of the events' start, every month of the range listed (a month without
 * events reads zero). One aggregate query over the range's events and their registrations.
 */
export async function summariseMonths(
	db: Db,
	range: MonthRange,
	now: Date = new Date()
): Promise<MonthStatistics[]> {
	if (!isReadableMonth(range.from) || !isReadableMonth(range.to)) {
		throw new RangeError(`Months ${FIRST_YEAR}-01 to ${LAST_YEAR}-12 only`);
	}
	const month = sql<string>`to_char(${event.startsAt} AT TIME ZONE ${zoneSql}, 'YYYY-MM')`;
	// Month starts as Finnish midnight, computed by the database so daylight saving is its problem.
	const start = (m: Month) => sql`(${`${m}-01 00:00`}::timestamp AT TIME ZONE ${zoneSql})`;
	const ended = sql`${event.endsAt} <= ${now.toISOString()}::timestamptz`;
	const rows = await db
		.select({
			month,
			events: sql<number>`(count(DISTINCT ${event.id}))::int`,
			endedEvents: sql<number>`(count(DISTINCT ${event.id}) FILTER (WHERE ${ended}))::int`,
			endedConfirmed: sql<number>`(count(${registration.id}) FILTER (WHERE ${ended} AND ${registration.status} = 'confirmed'))::int`,
			endedCheckedIn: sql<number>`(count(${registration.id}) FILTER (WHERE ${ended} AND ${checkedInSql}))::int`,
			...statusCounts()
		})
		.from(event)
		.leftJoin(registration, sql`${registration.eventId} = ${event.id}`)
		.where(
			and(
				ne(event.status, 'draft'),
				gte(event.startsAt, start(range.from)),
				lt(event.startsAt, start(addMonths(range.to, 1)))
			)
		)
		.groupBy(month);
	const byMonth = new Map(rows.map((row) => [row.month, row]));
	return monthsIn(range).map((m) => {
		const row = byMonth.get(m);
		if (!row) {
			const none = { signups: 0, confirmed: 0, waitlisted: 0, cancelled: 0, checkedIn: 0 };
			return { month: m, events: 0, ...none, contacts: 0, showUpRate: null };
		}
		const { endedEvents, endedConfirmed, endedCheckedIn, ...figures } = row;
		return {
			...figures,
			showUpRate: showUpRate(endedEvents > 0, endedConfirmed, endedCheckedIn)
		};
	});
}
