import { and, asc, eq, gt, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { event, registration } from '../db/schema';
import { isId } from '../db/ids';

/**
 * Events with their waiting and checked-in counts, soonest first: every event, drafts, cancelled and
 * past ones included, or with `endingAfter` only those not yet ended then (the dashboard). Staff keep
 * a few events a month, so the whole list is one page.
 */
export async function listWithCounts(db: Db, options: { endingAfter?: Date } = {}) {
	return db
		.select({
			event,
			waitlisted: sql<number>`count(*) FILTER (WHERE ${registration.status} = 'waitlisted')::int`,
			checkedIn: sql<number>`count(${registration.checkedInAt})::int`
		})
		.from(event)
		.leftJoin(
			registration,
			and(eq(registration.eventId, event.id), ne(registration.status, 'cancelled'))
		)
		.where(options.endingAfter ? gt(event.endsAt, options.endingAfter) : undefined)
		.groupBy(event.id)
		.orderBy(asc(event.startsAt), asc(event.titleFi));
}

/** One event with its waiting count, for the edit page; null when there is no such event. */
export async function findWithCounts(db: Db, id: string) {
	if (!isId(id)) return null;
	const [row] = await db
		.select({
			event,
			waitlisted: sql<number>`count(${registration.id}) FILTER (WHERE ${registration.status} = 'waitlisted')::int`,
			registered: sql<number>`count(${registration.id})::int`
		})
		.from(event)
		.leftJoin(
			registration,
			and(eq(registration.eventId, event.id), ne(registration.status, 'cancelled'))
		)
		.where(eq(event.id, id))
		.groupBy(event.id);
	return row ?? null;
}

/**
 * Events a door account may check people in to: published, starting from the beginning of today
 * (Finnish time) up to `windowHours` ahead, and not yet over.
 */
export async function listForDoor(db: Db, now: Date = new Date(), windowHours = 24) {
	const dayStart = startOfFinnishDay(now);
	const until = new Date(dayStart.getTime() + Math.max(24, windowHours) * 3_600_000);
	return db
		.select()
		.from(event)
		.where(
			and(
				eq(event.status, 'published'),
				gte(event.startsAt, dayStart),
				lt(event.startsAt, until),
				gt(event.endsAt, now)
			)
		)
		.orderBy(asc(event.startsAt));
}

function startOfFinnishDay(now: Date): Date {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(now);
	const utcMidnight = new Date(`${day}T00:00:00Z`);
	const offset =
		Number(
			new Intl.DateTimeFormat('en-GB', {
				timeZone: 'Europe/Helsinki',
				hour: '2-digit',
				hourCycle: 'h23'
			}).format(utcMidnight)
		) * 3_600_000;
	return new Date(utcMidnight.getTime() - offset);
}
