import { and, eq, gt, inArray, like, ne, or, sql } from 'drizzle-orm';
import { EVENT_FIELD_KEYS, type EventFields } from '../../schemas/event';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import {
	event,
	registration,
	registrationGroup,
	registrationGroupMember,
	type Event,
	type NewEvent
} from '../db/schema';
import * as mail from '../mail';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from '../registrations/mailing';
import { dropHeldOffers, lockEvent, promoteWaiting } from '../registrations/places';
import { mailPassedSeats } from '../registrations/seat-mail';
import { normalisePhone } from '../phone';
import { addDefaultReminders } from '../reminders/defaults';
import { slugify } from './index';
import { movesTimeOrPlace, notifyTimeOrPlaceChange } from './notify-change';

export type Actor = audit.AuditInput['actor'];

export type UpdateResult =
	| { ok: true; event: Event; promoted: number; notified: number }
	| { ok: false; reason: 'notFound' }
	| { ok: false; reason: 'capacityBelowConfirmed'; confirmed: number };

export type TransitionResult =
	{ ok: true; event: Event; promoted: number } | { ok: false; reason: 'notFound' | 'refused' };

export type CancelEventResult =
	{ ok: true; event: Event; notified: number } | { ok: false; reason: 'notFound' | 'refused' };

const DAY_MS = 86_400_000;
// A title of nothing but punctuation still needs an address.
const FALLBACK_SLUG = 'tapahtuma';
const SLUG_ATTEMPTS = 10;
const FIELD_KEYS = EVENT_FIELD_KEYS satisfies readonly (keyof EventFields)[];

/**
 * A new event, always a draft. Its slug comes from the Finnish title, with -2, -3 … on a clash, and
 * never changes afterwards: links in sent email and on printed posters keep working.
 */
export async function createEvent(db: Db, fields: EventFields, actor: Actor): Promise<Event> {
	return db.transaction(async (tx) => {
		const created = await insertWithFreeSlug(tx, { ...pickFields(fields), status: 'draft' });
		await addDefaultReminders(tx, created.id);
		await audit.record(tx, {
			action: 'event.created',
			actor,
			subject: { type: 'event', id: created.id },
			details: { slug: created.slug }
		});
		return created;
	});
}

/**
 * Inserts an event under a slug made from its Finnish title (-2, -3 … on a clash); copies and
 * series dates take their addresses the same way as a new event.
 */
export async function insertWithFreeSlug(tx: Tx, values: Omit<NewEvent, 'slug'>): Promise<Event> {
	const base = slugify(values.titleFi) || FALLBACK_SLUG;
	for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
		// Two staff creating the same title at once: the unique index lets one insert win, and
		// the other, seeing the committed slug on its next look, takes the following number.
		const [created] = await tx
			.insert(event)
			.values({ ...values, slug: await freeSlug(tx, base) })
			.onConflictDoNothing({ target: event.slug })
			.returning();
		if (created) return created;
	}
	throw new Error(`no free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
}

async function freeSlug(tx: Tx, base: string): Promise<string> {
	const rows = await tx
		.select({ slug: event.slug })
		.from(event)
		.where(or(eq(event.slug, base), like(event.slug, `${base}-%`)));
	const taken = new Set(rows.map((r) => r.slug));
	if (!taken.has(base)) return base;
	let n = 2;
	while (taken.has(`${base}-${n}`)) n++;
	return `${base}-${n}`;
}

/**
 * Saves the edit form. A capacity below the confirmed count is refused and nothing is saved; a
 * raised one gives the new seats to the waiting list in order, and each person promoted is emailed.
 * With `notify`, a change of time or place is mailed to everyone signed up (notify-change.ts).
 */
export async function updateEvent(
	db: Db,
	id: string,
	fields: EventFields,
	actor: Actor,
	context: MailContext,
	{ notify = false, now = new Date() }: { notify?: boolean; now?: Date } = {}
): Promise<UpdateResult> {
	return changeLockedEvent(db, id, (tx, before) =>
		saveFields(tx, before, fields, actor, context, now, notify)
	);
}

/** Only the number of seats, under the same rules as the edit form. */
export async function changeCapacity(
	db: Db,
	id: string,
	capacity: number,
	actor: Actor,
	context: MailContext,
	now: Date = new Date()
): Promise<UpdateResult> {
	return changeLockedEvent(db, id, (tx, before) =>
		saveFields(tx, before, { ...pickFields(before), capacity }, actor, context, now)
	);
}

/**
 * One transaction holding the event lock, so a sign-up cannot take a seat between the check and
 * the change; the mail worker is woken only after the commit, when the change queued mail.
 */
async function changeLockedEvent<R extends { ok: boolean; promoted?: number; notified?: number }>(
	db: Db,
	id: string,
	change: (tx: Tx, before: Event) => Promise<R>
): Promise<R | { ok: false; reason: 'notFound' }> {
	const result = await db.transaction(async (tx) => {
		const before = await lockEvent(tx, id);
		if (!before) return { ok: false, reason: 'notFound' } as const;
		return change(tx, before);
	});
	if (result.ok && ((result.promoted ?? 0) > 0 || (result.notified ?? 0) > 0)) mail.wake();
	return result;
}

async function saveFields(
	tx: Tx,
	before: Event,
	fields: EventFields,
	actor: Actor,
	context: MailContext,
	now: Date,
	notify = false
): Promise<UpdateResult> {
	if (fields.capacity < before.confirmedCount) {
		return { ok: false, reason: 'capacityBelowConfirmed', confirmed: before.confirmedCount };
	}
	const next = pickFields(fields);
	const changed = FIELD_KEYS.filter((key) => !sameValue(before[key], next[key]));
	if (changed.length === 0) return { ok: true, event: before, promoted: 0, notified: 0 };

	const [after] = await tx
		.update(event)
		.set({ ...next, updatedAt: now })
		.where(eq(event.id, before.id))
		.returning();
	if (changed.includes('endsAt') || changed.includes('retentionDays')) {
		// Registrants are told when their data goes; that date follows the event.
		const purgeAfter = new Date(fields.endsAt.getTime() + fields.retentionDays * DAY_MS);
		await tx.update(registration).set({ purgeAfter }).where(eq(registration.eventId, before.id));
		await followGroupPurge(tx, before.id, purgeAfter);
	}
	if (fields.startsAt < before.startsAt) {
		// An offer never runs past the start (registrations/places.ts): moved earlier, it ends then.
		await tx
			.update(registration)
			.set({ offerExpiresAt: fields.startsAt })
			.where(
				and(eq(registration.eventId, before.id), gt(registration.offerExpiresAt, fields.startsAt))
			);
	}
	// Told before any promotion below: the people promoted then get their seat at the new time.
	const notified =
		notify && movesTimeOrPlace(changed)
			? await notifyTimeOrPlaceChange(tx, before, after!, context)
			: 0;
	const others = changed.filter((key) => key !== 'capacity');
	if (others.length > 0) {
		await audit.record(tx, {
			action: 'event.updated',
			actor,
			subject: { type: 'event', id: before.id },
			...(notified > 0 ? { count: notified } : {}),
			details: notified > 0 ? { fields: others, notified } : { fields: others }
		});
	}
	const promoted = changed.includes('capacity')
		? await recordCapacityChange(tx, before, after!, actor, context, now)
		: 0;
	return { ok: true, event: after!, promoted, notified };
}

/**
 * A group is kept as long as its registrations (groups.schema.ts), so its date follows theirs: the
 * latest of its registrations' dates, or the event's when none is left. Groups of this event and
 * groups with an attendee moved here are both touched; otherwise a shortened retention would leave
 * the booker's details behind the registrations.
 */
async function followGroupPurge(tx: Tx, eventId: string, eventPurgeAfter: Date) {
	const latest = sql`(select max(${registration.purgeAfter}) from ${registration}
		inner join ${registrationGroupMember}
			on ${registrationGroupMember.registrationId} = ${registration.id}
		where ${registrationGroupMember.groupId} = ${registrationGroup.id})`;
	const movedHere = tx
		.select({ groupId: registrationGroupMember.groupId })
		.from(registrationGroupMember)
		.innerJoin(registration, eq(registration.id, registrationGroupMember.registrationId))
		.where(eq(registration.eventId, eventId));
	await tx
		.update(registrationGroup)
		.set({ purgeAfter: sql`coalesce(${latest}, ${eventPurgeAfter.toISOString()}::timestamptz)` })
		.where(or(eq(registrationGroup.eventId, eventId), inArray(registrationGroup.id, movedHere)));
}

/** Must run holding the event lock, after the new capacity is written. */
async function recordCapacityChange(
	tx: Tx,
	before: Event,
	after: Event,
	actor: Actor,
	context: MailContext,
	now: Date
): Promise<number> {
	const raised = after.capacity > before.capacity;
	const promoted = raised ? await promoteAndEmail(tx, after, context, now) : 0;
	await audit.record(tx, {
		action: 'event.capacity_changed',
		actor,
		subject: { type: 'event', id: after.id },
		count: promoted,
		details: { from: before.capacity, to: after.capacity, promoted }
	});
	return promoted;
}

/**
 * Fills free seats from the waiting list (confirmed, or offered in the offer mode) and queues each
 * person's email. Counts both: an offered seat is held for them.
 */
async function promoteAndEmail(tx: Tx, ev: Event, context: MailContext, now: Date) {
	const passed = await promoteWaiting(tx, ev.id, now);
	await mailPassedSeats(tx, passed, ev, context);
	return passed.length;
}

/**
 * Draft → published. Seats added while it was a draft go to the waiting list first, before any new
 * sign-up can take them.
 */
export async function publish(
	db: Db,
	id: string,
	actor: Actor,
	context: MailContext,
	now: Date = new Date()
): Promise<TransitionResult> {
	return changeLockedEvent(db, id, async (tx, before): Promise<TransitionResult> => {
		if (before.status !== 'draft') return { ok: false, reason: 'refused' };
		const after = await setStatus(tx, id, 'published', now);
		const promoted = await promoteAndEmail(tx, after, context, now);
		await audit.record(tx, {
			action: 'event.published',
			actor,
			subject: { type: 'event', id },
			...(promoted > 0 ? { count: promoted, details: { promoted } } : {})
		});
		return { ok: true, event: after, promoted };
	});
}

/** Published → draft: hidden from the public again; registrations stay as they are. */
export async function unpublish(
	db: Db,
	id: string,
	actor: Actor,
	now: Date = new Date()
): Promise<TransitionResult> {
	return changeLockedEvent(db, id, async (tx, before): Promise<TransitionResult> => {
		if (before.status !== 'published') return { ok: false, reason: 'refused' };
		const after = await setStatus(tx, id, 'draft', now);
		await audit.record(tx, { action: 'event.unpublished', actor, subject: { type: 'event', id } });
		return { ok: true, event: after, promoted: 0 };
	});
}

/**
 * Cancels the event for good and emails everyone still registered, confirmed or waiting, through
 * the outbox in the same transaction. Registrations keep their status: the attendee list still
 * shows who was coming, and the retention job deletes them on the usual date.
 */
export async function cancelEvent(
	db: Db,
	id: string,
	actor: Actor,
	context: MailContext,
	now: Date = new Date()
): Promise<CancelEventResult> {
	return changeLockedEvent(db, id, async (tx, before): Promise<CancelEventResult> => {
		if (before.status === 'cancelled') return { ok: false, reason: 'refused' };
		const after = await setStatus(tx, id, 'cancelled', now);
		// A seat held for an offer goes with the event: nobody may accept it any more.
		await dropHeldOffers(tx, id, now);
		const registrants = await tx
			.select()
			.from(registration)
			.where(and(eq(registration.eventId, id), ne(registration.status, 'cancelled')))
			.orderBy(registration.createdAt);
		for (const reg of registrants) {
			await enqueueRegistrationMail(tx, 'event_cancelled', reg, after, context);
		}
		await audit.record(tx, {
			action: 'event.cancelled',
			actor,
			subject: { type: 'event', id },
			count: registrants.length,
			details: { previousStatus: before.status, notified: registrants.length }
		});
		return { ok: true, event: after, notified: registrants.length };
	});
}

async function setStatus(tx: Tx, id: string, status: Event['status'], now: Date): Promise<Event> {
	const [row] = await tx
		.update(event)
		.set({ status, updatedAt: now })
		.where(eq(event.id, id))
		.returning();
	return row!;
}

/**
 * Only what the form edits: never the slug, status or seat counters. The contact's phone is kept
 * in E.164 like every stored number (the form's schema has already refused one that cannot exist).
 */
function pickFields(fields: EventFields): EventFields {
	const picked = Object.fromEntries(
		FIELD_KEYS.map((key) => [key, fields[key]])
	) as unknown as EventFields;
	const phone = picked.contactPhone.trim();
	return { ...picked, contactPhone: phone ? (normalisePhone(phone) ?? phone) : '' };
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
	return a === b;
}
