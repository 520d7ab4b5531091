import {
	bigint,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sending', 'sent', 'failed']);

export interface OutboxAttachment {
	filename: string;
	contentType: string;
	/**
	 * Text as is, or binary (a PNG) as base64 with `encoding: 'base64'`: the outbox row is JSON.
	 * Empty on a ticket's QR code (ticketCode), which the sender draws.
	 */
	content: string;
	encoding?: 'base64';
	/** An inline part the HTML shows as `<img src="cid:…">` (the ticket's QR code). */
	cid?: string;
	/**
	 * A ticket's code, whose QR PNG the sender draws as this part's content (mail/transport.ts):
	 * drawing it is most of a sign-up's CPU, so the request that queues the mail leaves it to the
	 * mail worker. Rows queued before this carry the PNG in `content` and still send as they are.
	 */
	ticketCode?: string;
}

export interface OutboxMessage {
	to: string;
	subject: string;
	text: string;
	html: string;
	attachments: OutboxAttachment[];
	/**
	 * The random left part of the Message-ID, drawn when the message is queued and kept with it, so
	 * a retry is recognisably the same message and no other installation (a staging copy, a
	 * restore) issues the same id. Rows queued before it existed have none; see transport.ts.
	 */
	messageKey?: string;
	/** Where a reply goes when not to MAIL_REPLY_TO: an event's contact person. */
	replyTo?: string;
	/** Extra headers, e.g. List-Unsubscribe on a marketing message (RFC 8058). */
	headers?: Record<string, string>;
}

/**
 * Mail is written here in the same transaction as the change that causes it, and sent by the worker.
 * Once sent, the message (recipient, body) is deleted; template, recipient hash and times remain.
 */
export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		template: text('template').notNull(),
		recipientHash: text('recipient_hash').notNull(),
		message: jsonb('message').$type<OutboxMessage>(),
		status: outboxStatus('status').notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		// A claimed message is reclaimed after this, in case the process died while sending it.
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [index('email_outbox_due_idx').on(t.status, t.nextAttemptAt)]
);

export type OutboxRow = typeof emailOutbox.$inferSelect;
