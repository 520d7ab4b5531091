import { normaliseEmail } from '../person/email';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { emailOutbox, type OutboxMessage, type OutboxRow } from '../db/schema';
import type { Db, Tx } from '../db';
import { brandTextFooter } from './templates/layout';

/** How long a claimed message stays with one worker before another may take it over. */
export const CLAIM_LEASE_SECONDS = 600;
/** After this many failed attempts a message is parked as failed instead of retried again. */
export const MAX_ATTEMPTS = 40;

export function hashRecipient(address: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseEmail(address))));
}

/** 128 random bits: no two installations, nor two messages of one, draw the same Message-ID. */
export function generateMessageKey(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The organisation's name and links end every text part. Added here rather than in each template,
 * so no mail goes without them; the language is the one the HTML part declares.
 */
function withBrandText(message: OutboxMessage): string {
	const lang = /<html lang="([a-z]{2})"/.exec(message.html)?.[1] ?? 'fi';
	const lines = brandTextFooter(lang);
	return lines.length > 0 ? [message.text, ...lines].join('\n') : message.text;
}

/**
 * A message as the outbox stores it: the brand's text footer and a Message-ID key added. For a
 * caller that writes the outbox row in a statement of its own (a sign-up: registrations/sign-up.ts).
 */
export function outboxMessage(message: OutboxMessage): OutboxMessage {
	return { ...message, text: withBrandText(message), messageKey: generateMessageKey() };
}

/** Must be called with the transaction of the change that causes the mail, so both commit or neither. */
export async function enqueue(tx: Db | Tx, template: string, message: OutboxMessage) {
	const [row] = await tx
		.insert(emailOutbox)
		.values({
			template,
			recipientHash: hashRecipient(message.to),
			message: outboxMessage(message)
		})
		.returning({ id: emailOutbox.id });
	return row!.id;
}

/**
 * Claims due messages for this worker. SKIP LOCKED lets several app instances share the outbox; a
 * claim left behind by a crashed process expires with its lease.
 */
export async function claimDue(db: Db, limit: number): Promise<OutboxRow[]> {
	const due = db
		.select({ id: emailOutbox.id })
		.from(emailOutbox)
		.where(
			or(
				and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, sql`now()`)),
				and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.lockedUntil, sql`now()`))
			)
		)
		.orderBy(asc(emailOutbox.id))
		.limit(limit)
		.for('update', { skipLocked: true });
	return db
		.update(emailOutbox)
		.set({
			status: 'sending',
			attempts: sql`${emailOutbox.attempts} + 1`,
			lockedUntil: sql`now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})`
		})
		.where(inArray(emailOutbox.id, due))
		.returning();
}

/** The claim a worker holds: every claim bumps `attempts`, so it tells one claim from the next. */
export type Claim = Pick<OutboxRow, 'id' | 'attempts'>;

/**
 * Outcomes only land on the claim that produced them. A worker that outlived its lease (a paused VM,
 * a hung connection) must not overwrite what the worker that took the message over has recorded,
 * e.g. turn a 'sent' row whose body is gone back into a 'pending' one.
 */
function stillClaimed(claim: Claim) {
	return and(
		eq(emailOutbox.id, claim.id),
		eq(emailOutbox.status, 'sending'),
		eq(emailOutbox.attempts, claim.attempts)
	);
}

/** Forgets what was sent: the recipient and body go, the template, hash and times stay. */
export async function markSent(db: Db, claim: Claim) {
	await db
		.update(emailOutbox)
		.set({ status: 'sent', message: null, sentAt: sql`now()`, lockedUntil: null, lastError: null })
		.where(stillClaimed(claim));
}

/**
 * Hands claimed messages back unsent (a worker stopping mid-batch): due again at once for any
 * instance, and the claim does not count as an attempt.
 */
export async function releaseClaims(db: Db, claims: Claim[]) {
	for (const claim of claims) {
		await db
			.update(emailOutbox)
			.set({ status: 'pending', lockedUntil: null, attempts: sql`${emailOutbox.attempts} - 1` })
			.where(stillClaimed(claim));
	}
}

/** Exponential back-off from 30 s, capped at an hour, with jitter so instances do not retry in step. */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
	const base = Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
	return Math.round(base * (0.8 + 0.4 * random()));
}

export async function markRetry(db: Db, claim: Claim, error: string) {
	const parked = claim.attempts >= MAX_ATTEMPTS;
	await db
		.update(emailOutbox)
		.set({
			status: parked ? 'failed' : 'pending',
			lockedUntil: null,
			lastError: error.slice(0, 1000),
			nextAttemptAt: sql`now() + make_interval(secs => ${retryDelaySeconds(claim.attempts)})`
		})
		.where(stillClaimed(claim));
}

/** A message the mail server refused for good (e.g. an unknown mailbox) is not retried. */
export async function markFailed(db: Db, claim: Claim, error: string) {
	await db
		.update(emailOutbox)
		.set({ status: 'failed', lockedUntil: null, lastError: error.slice(0, 1000) })
		.where(stillClaimed(claim));
}

export async function countByStatus(db: Db) {
	const rows = await db
		.select({ status: emailOutbox.status, count: sql<number>`count(*)::int` })
		.from(emailOutbox)
		.groupBy(emailOutbox.status);
	return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Partial<
		Record<OutboxRow['status'], number>
	>;
}
