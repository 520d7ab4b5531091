import { eq } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { eventReminder, type Event, type EventReminder, type NewEvent } from '../db/schema';
import { findById } from './index';
import { insertWithFreeSlug, type Actor } from './manage';

/**
 * What a copy does not take over from its original: its identity, its address, its seats and
 * waiting list, its place in a series, and its times (given anew). Everything else is copied, so a
 * column added to the event later is copied too unless it is named here (copy.test.ts checks).
 */
export const NOT_COPIED = [
	'id',
	'slug',
	'status',
	'confirmedCount',
	'waitlistSeq',
	'seriesId',
	'startsAt',
	'endsAt',
	'registrationOpensAt',
	'registrationClosesAt',
	'createdAt',
	'updatedAt'
] as const satisfies readonly (keyof Event)[];

/** A reminder's own bookkeeping; its timing and texts go with the copy. */
const REMINDER_NOT_COPIED = [
	'id',
	'eventId',
	'sentAt',
	'queuedCount',
	'createdAt',
	'updatedAt'
] as const satisfies readonly (keyof EventReminder)[];

export interface NewDates {
	startsAt: Date;
	endsAt: Date;
}

export type CopyResult =
	{ ok: true; event: Event } | { ok: false; reason: 'notFound' | 'endsBeforeStart' | 'inPast' };

function without<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Omit<T, K> {
	const skip = new Set<PropertyKey>(keys);
	return Object.fromEntries(Object.entries(row).filter(([key]) => !skip.has(key))) as Omit<T, K>;
}

/**
 * The sign-up window moves with the event, so "opens a month before, closes the day before"
 * stays true; a close that would fall after a shorter copy's end closes at its end.
 */
function shiftedWindow(source: Event, dates: NewDates) {
	const delta = dates.startsAt.getTime() - source.startsAt.getTime();
	const shift = (date: Date | null) => (date ? new Date(date.getTime() + delta) : null);
	const opensAt = shift(source.registrationOpensAt);
	let closesAt = shift(source.registrationClosesAt);
	if (closesAt && closesAt > dates.endsAt) closesAt = dates.endsAt;
	return {
		registrationOpensAt: opensAt && opensAt < dates.endsAt ? opensAt : null,
		registrationClosesAt: closesAt
	};
}

/**
 * Inserts a copy of `source` at new times, with its reminders; no registrations. Runs inside the
 * caller's transaction: one copy, or every date of a series at once.
 */
export async function insertCopy(
	tx: Tx,
	source: Event,
	dates: NewDates,
	options: { status?: 'draft' | 'published'; seriesId?: string | null } = {}
): Promise<Event> {
	const values: Omit<NewEvent, 'slug'> = {
		...without(source, NOT_COPIED),
		...dates,
		...shiftedWindow(source, dates),
		status: options.status ?? 'draft',
		seriesId: options.seriesId ?? null
	};
	const created = await insertWithFreeSlug(tx, values);
	const reminders = await tx
		.select()
		.from(eventReminder)
		.where(eq(eventReminder.eventId, source.id));
	if (reminders.length > 0) {
		await tx
			.insert(eventReminder)
			.values(reminders.map((r) => ({ ...without(r, REMINDER_NOT_COPIED), eventId: created.id })));
	}
	return created;
}

/** Whether new times can be used: the end after the start, the start still ahead. */
export function checkDates(dates: NewDates, now: Date): 'endsBeforeStart' | 'inPast' | null {
	if (dates.endsAt <= dates.startsAt) return 'endsBeforeStart';
	if (dates.startsAt <= now) return 'inPast';
	return null;
}

/**
 * A copy of an event with every setting (texts, place, seats, field policies, retention, contact
 * person, waiting-list mode, reminders and the after-event message) at new times, as a draft
 * under a new address. Audited on the copy, naming its original.
 */
export async function copyEvent(
	db: Db,
	sourceId: string,
	dates: NewDates,
	actor: Actor,
	now: Date = new Date()
): Promise<CopyResult> {
	const problem = checkDates(dates, now);
	if (problem) return { ok: false, reason: problem };
	const source = await findById(db, sourceId);
	if (!source) return { ok: false, reason: 'notFound' };
	const created = await db.transaction(async (tx) => {
		const copy = await insertCopy(tx, source, dates);
		await audit.record(tx, {
			action: 'event.copied',
			actor,
			subject: { type: 'event', id: copy.id },
			details: { from: source.id, slug: copy.slug }
		});
		return copy;
	});
	return { ok: true, event: created };
}
