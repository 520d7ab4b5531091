import { and, asc, eq, inArray } from 'drizzle-orm';
import { formatLocalEventTime, parseLocalEventTime } from '../../datetime';
import { MAX_SERIES_DATES, type DatePlan } from '../../schemas/event-copy';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { event, eventSeries, type Event } from '../db/schema';
import { insertCopy } from './copy';
import { findById } from './index';
import type { Actor } from './manage';

export { MAX_SERIES_DATES, type DatePlan };

export type PlanProblem = 'tooMany' | 'none' | 'dateInvalid' | 'inPast' | 'duplicate';

export type SeriesDate = { startsAt: Date; endsAt: Date };

export type SeriesResult =
	| { ok: true; seriesId: string; events: Event[] }
	| { ok: false; reason: 'notFound' | PlanProblem; date?: string };

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar days a plan names, as "YYYY-MM-DD"; null for a day that does not exist. */
export function planDays(plan: DatePlan): (string | null)[] {
	if (plan.kind === 'dates') return plan.dates.map((d) => (isDay(d) ? d : null));
	if (!isDay(plan.from)) return [null];
	const step = plan.every * (plan.unit === 'weeks' ? 7 : 1);
	const first = Date.parse(`${plan.from}T00:00:00Z`);
	// Calendar arithmetic in UTC, where no day is 23 or 25 hours long.
	return Array.from({ length: plan.count }, (_, i) =>
		new Date(first + i * step * DAY_MS).toISOString().slice(0, 10)
	);
}

function isDay(value: string): boolean {
	if (!DATE_PATTERN.test(value)) return false;
	return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/**
 * Each planned day at the template's clock time in Turku, lasting as long as the template, in
 * date order. Refused: more than MAX_SERIES_DATES, a day that does not exist, one already passed,
 * the template's own day or the same day twice.
 */
export function planDates(
	template: Pick<Event, 'startsAt' | 'endsAt'>,
	plan: DatePlan,
	now: Date
): { ok: true; dates: SeriesDate[] } | { ok: false; reason: PlanProblem; date?: string } {
	const days = planDays(plan);
	if (days.length === 0) return { ok: false, reason: 'none' };
	if (days.length > MAX_SERIES_DATES) return { ok: false, reason: 'tooMany' };
	const [templateDay, clock] = formatLocalEventTime(template.startsAt).split('T') as [
		string,
		string
	];
	const duration = template.endsAt.getTime() - template.startsAt.getTime();
	const seen = new Set([templateDay]);
	const dates: SeriesDate[] = [];
	for (const day of days) {
		const startsAt = day ? parseLocalEventTime(`${day}T${clock}`) : null;
		if (!day || !startsAt) return { ok: false, reason: 'dateInvalid' };
		if (startsAt <= now) return { ok: false, reason: 'inPast', date: day };
		if (seen.has(day)) return { ok: false, reason: 'duplicate', date: day };
		seen.add(day);
		dates.push({ startsAt, endsAt: new Date(startsAt.getTime() + duration) });
	}
	dates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	return { ok: true, dates };
}

/**
 * Repeats an event: each planned date becomes its own event (own seats, own list) copied from the
 * template with every setting, all in one series that the template joins too (or already leads).
 * Drafts, unless the template is published and staff ask for the dates to be published at once.
 * All or nothing, in one transaction; audited once for the series and once per new event.
 */
export async function createSeries(
	db: Db,
	templateId: string,
	plan: DatePlan,
	options: { publish: boolean },
	actor: Actor,
	now: Date = new Date()
): Promise<SeriesResult> {
	const template = await findById(db, templateId);
	if (!template) return { ok: false, reason: 'notFound' };
	const planned = planDates(template, plan, now);
	if (!planned.ok) return planned;
	const status = options.publish && template.status === 'published' ? 'published' : 'draft';
	return db.transaction(async (tx): Promise<SeriesResult> => {
		// Two submits at once queue here: on the template's row, then on the series' row, which every
		// date of the series locks, so the second sees the first's dates and is refused.
		const [locked] = await tx
			.select({ seriesId: event.seriesId })
			.from(event)
			.where(eq(event.id, template.id))
			.for('update');
		if (!locked) return { ok: false, reason: 'notFound' };
		let seriesId = locked.seriesId;
		if (seriesId) {
			await tx.select().from(eventSeries).where(eq(eventSeries.id, seriesId)).for('update');
			const taken = await takenDays(tx, seriesId);
			const again = planned.dates.find((d) => taken.has(dayOf(d.startsAt)));
			if (again) return { ok: false, reason: 'duplicate', date: dayOf(again.startsAt) };
		} else {
			const [created] = await tx.insert(eventSeries).values({}).returning();
			seriesId = created!.id;
			await tx.update(event).set({ seriesId }).where(eq(event.id, template.id));
		}
		const events: Event[] = [];
		for (const dates of planned.dates) {
			const copy = await insertCopy(tx, template, dates, { status, seriesId });
			await audit.record(tx, {
				action: 'event.copied',
				actor,
				subject: { type: 'event', id: copy.id },
				details: { from: template.id, slug: copy.slug, seriesId }
			});
			events.push(copy);
		}
		await audit.record(tx, {
			action: 'event.series_created',
			actor,
			subject: { type: 'event', id: template.id },
			count: events.length,
			details: { seriesId, status, events: events.map((e) => e.id) }
		});
		return { ok: true as const, seriesId, events };
	});
}

/** The Turku calendar day an event starts on, as "YYYY-MM-DD". */
function dayOf(startsAt: Date): string {
	return formatLocalEventTime(startsAt).slice(0, 10);
}

/** The days a series already has a date on; a cancelled date's day may be planned again. */
async function takenDays(tx: Tx, seriesId: string): Promise<Set<string>> {
	const rows = await tx
		.select({ startsAt: event.startsAt })
		.from(event)
		.where(and(eq(event.seriesId, seriesId), inArray(event.status, ['draft', 'published'])));
	return new Set(rows.map((row) => dayOf(row.startsAt)));
}

/** Every date of a series, soonest first: the staff list of a series and the move form's choices. */
export async function listSeriesEvents(db: Db, seriesId: string): Promise<Event[]> {
	return db
		.select()
		.from(event)
		.where(eq(event.seriesId, seriesId))
		.orderBy(asc(event.startsAt), asc(event.id));
}

/**
 * The other dates of an event's series a registrant may be moved to: published (a draft has no
 * public page, so its mail would point nowhere), not begun.
 */
export async function listMoveTargets(db: Db, ev: Event, now: Date = new Date()) {
	if (!ev.seriesId) return [];
	const rows = await db
		.select()
		.from(event)
		.where(and(eq(event.seriesId, ev.seriesId), eq(event.status, 'published')))
		.orderBy(asc(event.startsAt));
	return rows.filter((row) => row.id !== ev.id && row.startsAt > now);
}
