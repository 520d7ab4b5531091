import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { eventMessage, eventMessageRecipient, type Event, type EventMessage } from '../db/schema';
import { localised } from '../../event-text';
import * as mail from '../mail';
import { localePath, type MailContext, eventReplyTo } from '../mail-context';
import { renderAttendeeMessage } from '../mail/templates/attendee-message';
import { mintUnsubscribeToken } from '../permissions';
import * as tokens from '../tokens';
import {
	audienceCondition,
	audiencePage,
	countAudience,
	mayMarketByEmail,
	stillInAudience,
	type Candidate
} from './audience';
import { textFor } from './texts';

/** Recipients per transaction: a crash loses at most one batch's work, and that batch is redone. */
export const SEND_BATCH = 100;

export interface SendInput {
	event: Event;
	messageId: string;
	actor: { id: string };
	context: MailContext;
}

export interface SendOptions {
	batchSize?: number;
	now?: Date;
	/** Called with each batch read, before its transaction (tests cancel a registrant here). */
	beforeBatch?: (page: Candidate[]) => unknown;
	/** Called after each batch has committed (tests stop a send midway here). */
	afterBatch?: (batch: number) => void | Promise<void>;
}

export type SendResult =
	| { ok: true; recipients: number; excluded: number }
	| { ok: false; reason: 'notFound' | 'alreadySent' | 'incomplete' };

/** Marks the message as being sent; a draft must have its Finnish text and at least one group. */
async function begin(db: Db, eventId: string, messageId: string) {
	return db.transaction(async (tx) => {
		const [message] = await tx
			.select()
			.from(eventMessage)
			.where(and(eq(eventMessage.id, messageId), eq(eventMessage.eventId, eventId)))
			.for('update');
		if (!message) return { ok: false as const, reason: 'notFound' as const };
		if (message.status === 'sent') return { ok: false as const, reason: 'alreadySent' as const };
		if (message.status === 'draft') {
			const complete =
				message.audience.length > 0 &&
				message.subjectFi.trim() !== '' &&
				message.bodyFi.trim() !== '';
			if (!complete) return { ok: false as const, reason: 'incomplete' as const };
			await tx
				.update(eventMessage)
				.set({ status: 'sending', updatedAt: sql`now()` })
				.where(eq(eventMessage.id, messageId));
		}
		return { ok: true as const, message };
	});
}

/** One recipient's own mail: their language, a fresh manage link, on marketing their unsubscribe. */
async function enqueueFor(
	tx: Tx,
	message: EventMessage,
	ev: Event,
	recipient: Candidate,
	context: MailContext
) {
	const locale = recipient.locale;
	const text = textFor(message, locale);
	const manageToken = await tokens.mint(tx, {
		purpose: 'manage',
		personId: recipient.personId,
		registrationId: recipient.id
	});
	const unsubscribeToken = message.marketing
		? await mintUnsubscribeToken(tx, recipient.personId)
		: null;
	const rendered = renderAttendeeMessage({
		to: recipient.email,
		locale,
		subject: text.subject,
		body: text.body,
		event: { title: localised(ev, locale).title, startsAt: ev.startsAt, endsAt: ev.endsAt },
		eventUrl: context.origin + localePath(locale, `/events/${ev.slug}`),
		manageUrl: context.origin + localePath(locale, `/manage/${manageToken}`),
		unsubscribeUrl: unsubscribeToken
			? context.origin + localePath(locale, `/unsubscribe/${unsubscribeToken}`)
			: null
	});
	// Replies reach the event's contact person when there is one.
	const replyTo = eventReplyTo(ev);
	const outboxId = await mail.enqueue(
		tx,
		message.marketing ? 'attendee_message.marketing' : 'attendee_message',
		replyTo ? { ...rendered, replyTo } : rendered
	);
	await tx
		.update(eventMessageRecipient)
		.set({ outboxId })
		.where(
			and(
				eq(eventMessageRecipient.messageId, message.id),
				eq(eventMessageRecipient.registrationId, recipient.id)
			)
		);
}

/**
 * One batch in one transaction: its registrants read again under the audience condition (the page
 * was read before the transaction, and someone may have cancelled since), the recipient rows next, and only the rows this transaction
 * really inserted get a mail. A row already there (an earlier, interrupted send, or another staff
 * member sending at the same moment) is skipped by its primary key, so nobody is mailed twice.
 */
async function sendBatch(
	db: Db,
	message: EventMessage,
	ev: Event,
	where: SQL,
	page: Candidate[],
	context: MailContext
): Promise<number> {
	return db.transaction(async (tx) => {
		const current = await stillInAudience(
			tx,
			where,
			page.map((row) => row.id)
		);
		const eligible = message.marketing ? await mayMarketByEmail(tx, current) : current;
		if (eligible.length === 0) return 0;
		const inserted = await tx
			.insert(eventMessageRecipient)
			.values(eligible.map((row) => ({ messageId: message.id, registrationId: row.id })))
			.onConflictDoNothing()
			.returning({ registrationId: eventMessageRecipient.registrationId });
		const fresh = new Set(inserted.map((row) => row.registrationId));
		for (const recipient of eligible) {
			if (fresh.has(recipient.id)) await enqueueFor(tx, message, ev, recipient, context);
		}
		return fresh.size;
	});
}

/** Ends the send once: counts, time, and the audit row, written by whichever sender gets here first. */
async function finish(db: Db, message: EventMessage, ev: Event, actor: { id: string }, now: Date) {
	const counted = await countAudience(db, ev, message, now);
	return db.transaction(async (tx) => {
		const [{ recipients } = { recipients: 0 }] = await tx
			.select({ recipients: count() })
			.from(eventMessageRecipient)
			.where(eq(eventMessageRecipient.messageId, message.id));
		const excluded = counted.withoutEmail + counted.withoutPermission;
		const [finished] = await tx
			.update(eventMessage)
			.set({
				status: 'sent',
				recipientCount: recipients,
				excludedCount: excluded,
				sentAt: sql`now()`,
				updatedAt: sql`now()`
			})
			.where(and(eq(eventMessage.id, message.id), eq(eventMessage.status, 'sending')))
			.returning({ id: eventMessage.id });
		if (finished) {
			await audit.record(tx, {
				action: 'event_message.sent',
				actor: { kind: 'staff', id: actor.id },
				subject: { type: 'event', id: ev.id },
				count: recipients,
				details: {
					audience: message.audience,
					marketing: message.marketing,
					withoutEmail: counted.withoutEmail,
					...(message.marketing ? { withoutPermission: counted.withoutPermission } : {})
				}
			});
		}
		return { recipients, excluded };
	});
}

/**
 * Sends a message to its audience as it stands now, in batches. A send that stopped midway (the
 * process died) is finished by sending again: who already has a recipient row is skipped.
 */
export async function sendMessage(
	db: Db,
	input: SendInput,
	options: SendOptions = {}
): Promise<SendResult> {
	const { batchSize = SEND_BATCH, now = new Date(), beforeBatch, afterBatch } = options;
	const started = await begin(db, input.event.id, input.messageId);
	if (!started.ok) return started;
	const { message } = started;
	const where = audienceCondition(input.event, message.audience, now);
	let afterId: string | null = null;
	for (let batch = 1; ; batch++) {
		const page = await audiencePage(db, where, afterId, batchSize);
		if (page.length === 0) break;
		afterId = page.at(-1)!.id;
		await beforeBatch?.(page);
		const queued = await sendBatch(db, message, input.event, where, page, input.context);
		if (queued > 0) mail.wake();
		await afterBatch?.(batch);
	}
	const result = await finish(db, message, input.event, input.actor, now);
	return { ok: true, ...result };
}
