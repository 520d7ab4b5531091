import { and, eq, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import {
	emailOutbox,
	eventReminder,
	registration,
	reminderDelivery,
	type Event,
	type EventReminder
} from '../db/schema';

type Actor = { id: string };
type Texts = Pick<EventReminder, 'bodyFi' | 'bodySv' | 'bodyEn'>;

export interface ReminderView extends EventReminder {
	/** When it goes out (before: hours before the start; after: hours after the end). */
	dueAt: Date;
	/** Of the mail queued: handed to the mail server, given up on, still waiting. No open tracking. */
	delivered: number;
	failed: number;
	waiting: number;
}

function dueAtOf(
	reminder: Pick<EventReminder, 'kind' | 'hours'>,
	ev: Pick<Event, 'startsAt' | 'endsAt'>
) {
	return reminder.kind === 'before_start'
		? new Date(ev.startsAt.getTime() - reminder.hours * 3_600_000)
		: new Date(ev.endsAt.getTime() + reminder.hours * 3_600_000);
}

/**
 * An event's reminders with their time and, once sent, the outbox's word on each mail. A sent
 * message's outbox row is deleted by retention later; those count as delivered.
 */
export async function listReminders(db: Db, ev: Event): Promise<ReminderView[]> {
	const rows = await db
		.select()
		.from(eventReminder)
		.where(eq(eventReminder.eventId, ev.id))
		.orderBy(eventReminder.kind, sql`${eventReminder.hours} desc`);
	const states = await db
		.select({
			reminderId: reminderDelivery.reminderId,
			status: emailOutbox.status,
			count: sql<number>`count(*)::int`
		})
		.from(reminderDelivery)
		.innerJoin(eventReminder, eq(eventReminder.id, reminderDelivery.reminderId))
		.innerJoin(emailOutbox, eq(emailOutbox.id, reminderDelivery.outboxId))
		.where(eq(eventReminder.eventId, ev.id))
		.groupBy(reminderDelivery.reminderId, emailOutbox.status);
	return rows.map((row) => {
		const mine = states.filter((s) => s.reminderId === row.id);
		const failed = mine.filter((s) => s.status === 'failed').reduce((a, s) => a + s.count, 0);
		const waiting = mine
			.filter((s) => s.status === 'pending' || s.status === 'sending')
			.reduce((a, s) => a + s.count, 0);
		return {
			...row,
			dueAt: dueAtOf(row, ev),
			failed,
			waiting,
			delivered: Math.max(0, row.queuedCount - failed - waiting)
		};
	});
}

export type ReminderRefusal = 'duplicate' | 'sent' | 'missing';

function isUniqueViolation(error: unknown) {
	const code =
		(error as { code?: string; cause?: { code?: string } }).code ??
		(error as { cause?: { code?: string } }).cause?.code;
	return code === '23505';
}

export async function addReminder(
	db: Db,
	eventId: string,
	input: { hours: number } & Texts,
	actor: Actor
): Promise<{ ok: true; id: string } | { ok: false; reason: ReminderRefusal }> {
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(eventReminder)
				.values({ eventId, kind: 'before_start', ...input })
				.returning({ id: eventReminder.id });
			await audit.record(tx, {
				action: 'reminder.added',
				actor: { kind: 'staff', id: actor.id },
				subject: { type: 'event', id: eventId },
				details: { hours: input.hours }
			});
			return { ok: true as const, id: row!.id };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, reason: 'duplicate' };
		throw error;
	}
}

/** A sent reminder stays as it went out; only one not yet sent changes or goes. */
export async function changeReminder(
	db: Db,
	eventId: string,
	id: string,
	change: Partial<{ hours: number; enabled: boolean } & Texts>,
	actor: Actor,
	action: 'reminder.updated' | 'reminder.deleted' = 'reminder.updated'
): Promise<{ ok: true } | { ok: false; reason: ReminderRefusal }> {
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(eventReminder)
				.where(and(eq(eventReminder.id, id), eq(eventReminder.eventId, eventId)))
				.for('update');
			if (!current) return { ok: false as const, reason: 'missing' as const };
			// A sent one may only be switched off. Deleting it would drop its delivery rows, and the
			// same reminder added back would then go to everyone a second time.
			const onlySwitch =
				action !== 'reminder.deleted' && Object.keys(change).every((key) => key === 'enabled');
			if (current.sentAt && !onlySwitch) return { ok: false as const, reason: 'sent' as const };
			if (action === 'reminder.deleted') {
				await tx.delete(eventReminder).where(eq(eventReminder.id, id));
			} else {
				await tx
					.update(eventReminder)
					.set({ ...change, updatedAt: new Date() })
					.where(eq(eventReminder.id, id));
			}
			await audit.record(tx, {
				action,
				actor: { kind: 'staff', id: actor.id },
				subject: { type: 'event_reminder', id },
				details: {
					eventId,
					...(change.hours ? { hours: change.hours } : {}),
					...('enabled' in change ? { enabled: change.enabled } : {})
				}
			});
			return { ok: true as const };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, reason: 'duplicate' };
		throw error;
	}
}

export function deleteReminder(db: Db, eventId: string, id: string, actor: Actor) {
	return changeReminder(db, eventId, id, {}, actor, 'reminder.deleted');
}

/** The after-event message: one per event, off unless staff switch it on. */
export async function saveAfterEventMessage(
	db: Db,
	eventId: string,
	input: {
		enabled: boolean;
		hours: number;
		subjectFi: string;
		subjectSv: string;
		subjectEn: string;
	} & Texts,
	actor: Actor
): Promise<{ ok: true } | { ok: false; reason: ReminderRefusal }> {
	const [current] = await db
		.select()
		.from(eventReminder)
		.where(and(eq(eventReminder.eventId, eventId), eq(eventReminder.kind, 'after_end')));
	if (current) return changeReminder(db, eventId, current.id, input, actor);
	if (!input.enabled) return { ok: true };
	await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(eventReminder)
			.values({ eventId, kind: 'after_end', ...input })
			.returning({ id: eventReminder.id });
		await audit.record(tx, {
			action: 'reminder.added',
			actor: { kind: 'staff', id: actor.id },
			subject: { type: 'event_reminder', id: row!.id },
			details: { eventId, kind: 'after_end', hours: input.hours }
		});
	});
	return { ok: true };
}

/** The registrant's own switch on their manage page; audited without their name. */
export async function setRegistrationReminders(db: Db, registrationId: string, enabled: boolean) {
	await db.transaction(async (tx) => {
		await tx
			.update(registration)
			.set({ remindersEnabled: enabled })
			.where(eq(registration.id, registrationId));
		await audit.record(tx, {
			action: 'registration.reminders_changed',
			actor: { kind: 'registrant' },
			subject: { type: 'registration', id: registrationId },
			details: { enabled }
		});
	});
}
