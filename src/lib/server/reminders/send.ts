import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { localised } from '../../event-text';
import { asLocale } from '../../locale';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import {
	event,
	eventReminder,
	registration,
	reminderDelivery,
	type Event,
	type EventReminder,
	type Registration
} from '../db/schema';
import { tryJobsLock } from '../job-lock';
import * as mail from '../mail';
import { registrationUid } from '../mail/ics';
import { localePath, type MailContext, eventReplyTo } from '../mail-context';
import { renderReminderMail } from '../mail/templates/reminder';
import { mailTicketFor } from '../tickets/mail';
import * as tokens from '../tokens';

/** Rows per transaction: short transactions, and a crash loses at most one batch's work (redone). */
export const REMINDER_BATCH = 200;
/** An after-event message is not sent once its time is this long past (the job was down a week). */
const AFTER_END_WINDOW_HOURS = 7 * 24;

export type ReminderRunOutcome =
	{ ran: true; queued: number; reminders: number } | { ran: false; reason: 'busy' };

type Candidate = { reg: Registration; ev: Event; reminder: EventReminder };

/** Staff's text in the registrant's language, Finnish where that one was left empty. */
function inLocale(reminder: EventReminder, field: 'subject' | 'body', locale: string): string {
	const own =
		locale === 'sv' ? reminder[`${field}Sv`] : locale === 'en' ? reminder[`${field}En`] : '';
	return own.trim() || reminder[`${field}Fi`];
}

/** When a reminder is due: hours before the start, or hours after the end. */
const dueAt = sql`(CASE WHEN ${eventReminder.kind} = 'before_start'
	THEN ${event.startsAt} - make_interval(hours => ${eventReminder.hours})
	ELSE ${event.endsAt} + make_interval(hours => ${eventReminder.hours}) END)`;

/**
 * Registrations a due reminder has not gone to yet. Before the start: confirmed ones; after the
 * end: those checked in. Either way only with an email, reminders on, and made before the
 * reminder's time. When the job was down over two reminders' times, only the nearer one goes.
 */
function dueCandidates(tx: Tx, now: Date, limit: number): Promise<Candidate[]> {
	const at = sql`${now.toISOString()}::timestamptz`;
	return (
		tx
			.select({ reg: registration, ev: event, reminder: eventReminder })
			.from(eventReminder)
			.innerJoin(event, eq(event.id, eventReminder.eventId))
			.innerJoin(registration, eq(registration.eventId, event.id))
			.where(
				and(
					eq(eventReminder.enabled, true),
					eq(event.status, 'published'),
					isNotNull(registration.email),
					ne(registration.email, ''),
					eq(registration.remindersEnabled, true),
					ne(registration.status, 'cancelled'),
					sql`${registration.createdAt} <= ${dueAt}`,
					sql`${at} >= ${dueAt}`,
					sql`(
					(${eventReminder.kind} = 'before_start' AND ${registration.status} = 'confirmed'
						AND ${at} < ${event.startsAt}
						AND NOT EXISTS (SELECT 1 FROM ${eventReminder} AS nearer WHERE nearer.event_id = ${event.id}
							AND nearer.kind = 'before_start' AND nearer.enabled
							AND nearer.hours < ${eventReminder.hours}
							AND ${at} >= ${event.startsAt} - make_interval(hours => nearer.hours)))
					OR (${eventReminder.kind} = 'after_end' AND ${registration.checkedInAt} IS NOT NULL
						AND ${at} < ${dueAt} + make_interval(hours => ${AFTER_END_WINDOW_HOURS}))
				)`,
					sql`NOT EXISTS (SELECT 1 FROM ${reminderDelivery}
					WHERE ${reminderDelivery.reminderId} = ${eventReminder.id}
					AND ${reminderDelivery.registrationId} = ${registration.id})`
				)
			)
			.orderBy(eventReminder.id, registration.id)
			.limit(limit)
			// A cancellation in flight waits for this batch (or this batch sees it cancelled).
			.for('update', { of: registration })
	);
}

/**
 * One registration's reminder: the delivery row first, and the mail only if this run inserted it,
 * so two runners (or a rerun after a crash) never send it twice. Returns whether it was queued.
 */
async function deliver(tx: Tx, { reg, ev, reminder }: Candidate, now: Date, context: MailContext) {
	const [claimed] = await tx
		.insert(reminderDelivery)
		.values({ reminderId: reminder.id, registrationId: reg.id })
		.onConflictDoNothing()
		.returning({ registrationId: reminderDelivery.registrationId });
	if (!claimed || !reg.email) return false;
	const locale = asLocale(reg.locale);
	const before = reminder.kind === 'before_start';
	// A fresh manage token per mail, as registrations/mailing.ts mints them.
	const token = tokens.generateToken();
	await tokens.mint(
		tx,
		{ purpose: 'manage', personId: reg.personId, registrationId: reg.id },
		token
	);
	const managePath = `/manage/${token}`;
	// Before the event, a confirmed seat's ticket again: the mail people open on the day.
	const ticket = before ? mailTicketFor(reg) : null;
	const outboxId = await mail.enqueue(tx, `reminder.${reminder.kind}`, {
		...renderReminderMail({
			kind: reminder.kind,
			locale,
			firstName: reg.firstName,
			fullName: `${reg.firstName} ${reg.lastName}`.trim(),
			email: reg.email,
			event: {
				...localised(ev, locale),
				location: ev.location,
				startsAt: ev.startsAt,
				endsAt: ev.endsAt
			},
			subject: inLocale(reminder, 'subject', locale),
			body: inLocale(reminder, 'body', locale),
			contact: { name: ev.contactName, email: ev.contactEmail, phone: ev.contactPhone },
			eventUrl: context.origin + localePath(locale, `/events/${ev.slug}`),
			manageUrl: context.origin + localePath(locale, managePath),
			cancelUrl: before
				? context.origin + localePath(locale, `${managePath}/cancel/${reg.id}`)
				: null,
			organizer: context.organizer,
			// The entry as it stands now, one SEQUENCE higher, so a moved event moves in the calendar.
			calendar: before
				? {
						method: 'REQUEST',
						uid: registrationUid(reg.id, context.origin),
						sequence: reg.calendarSequence
					}
				: null,
			ticket,
			now
		}),
		replyTo: eventReplyTo(ev)
	});
	await tx
		.update(reminderDelivery)
		.set({ outboxId })
		.where(
			and(eq(reminderDelivery.reminderId, reminder.id), eq(reminderDelivery.registrationId, reg.id))
		);
	if (before) {
		await tx
			.update(registration)
			.set({ calendarSequence: sql`${registration.calendarSequence} + 1` })
			.where(eq(registration.id, reg.id));
	}
	return true;
}

/** One batch in one transaction; null when another instance holds the jobs lock. */
async function sendBatch(db: Db, now: Date, context: MailContext, size: number) {
	return db.transaction(async (tx) => {
		if (!(await tryJobsLock(tx))) return null;
		const candidates = await dueCandidates(tx, now, size);
		const perReminder = new Map<string, number>();
		for (const candidate of candidates) {
			if (await deliver(tx, candidate, now, context)) {
				const id = candidate.reminder.id;
				perReminder.set(id, (perReminder.get(id) ?? 0) + 1);
			}
		}
		for (const [id, count] of perReminder) {
			await tx
				.update(eventReminder)
				.set({
					sentAt: sql`coalesce(${eventReminder.sentAt}, ${now.toISOString()}::timestamptz)`,
					queuedCount: sql`${eventReminder.queuedCount} + ${count}`
				})
				.where(eq(eventReminder.id, id));
			await audit.record(tx, {
				action: 'reminder.sent',
				actor: { kind: 'system' },
				subject: { type: 'event_reminder', id },
				count
			});
		}
		return {
			seen: candidates.length,
			queued: [...perReminder.values()].reduce((a, b) => a + b, 0),
			reminders: perReminder
		};
	});
}

/**
 * The reminders job: every reminder whose time has come, to each registration once. Batches of
 * REMINDER_BATCH, each in its own transaction with the one-instance jobs lock; a busy lock skips
 * the round. SMTP being down only delays the outbox: the mail is queued with its delivery row.
 */
export async function sendDueReminders(
	db: Db,
	options: { now?: Date; context: MailContext; batchSize?: number }
): Promise<ReminderRunOutcome> {
	const now = options.now ?? new Date();
	const size = options.batchSize ?? REMINDER_BATCH;
	let queued = 0;
	const reminders = new Set<string>();
	for (;;) {
		const batch = await sendBatch(db, now, options.context, size);
		if (!batch) {
			if (queued === 0) return { ran: false, reason: 'busy' };
			break;
		}
		queued += batch.queued;
		for (const id of batch.reminders.keys()) reminders.add(id);
		if (batch.seen < size) break;
	}
	if (queued > 0) mail.wake();
	return { ran: true, queued, reminders: reminders.size };
}
