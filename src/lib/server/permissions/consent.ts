import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { asLocale } from '../../locale';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { accessToken, marketingConsentRequest, wording, type MarketingChannel } from '../db/schema';
import * as mail from '../mail';
import { renderConsentMail } from '../mail/templates/consent';
import { localePath, type MailContext } from '../mail-context';
import * as tokens from '../tokens';
import { recordDecision, stateOf } from './ledger';
import { ensureWording } from './wording';

/** How long a double opt-in link stays valid. */
export const CONSENT_VALID_DAYS = 7;
const DAY_MS = 86_400_000;

export interface ConsentRequestInput {
	/** The key the request is made under (the registration's); the grant will be recorded under it. */
	personId: string;
	/** Where the link goes; kept on the request as evidence of where consent was confirmed from. */
	email: string;
	locale: Locale;
	context: MailContext;
	now?: Date;
}

/**
 * The first half of double opt-in: stores the request and queues the separate consent email in
 * the caller's transaction. Returns false, sending nothing, when a prohibition stands on email (the
 * caller answers the same either way, so the form never reveals it) or consent is already given.
 */
export async function requestEmailConsent(
	tx: Db | Tx,
	input: ConsentRequestInput
): Promise<boolean> {
	const { email } = await stateOf(tx, input.personId);
	if (email.decision === 'prohibited') return false;
	if (email.decision === 'granted' && email.basis === 'consent') return false;

	const now = input.now ?? new Date();
	const expiresAt = new Date(now.getTime() + CONSENT_VALID_DAYS * DAY_MS);
	const wordingId = await ensureWording(
		tx,
		'news_by_email',
		input.locale,
		input.context.organizer.name
	);
	const [shown] = await tx
		.select({ text: wording.text })
		.from(wording)
		.where(eq(wording.id, wordingId));
	const token = await tokens.mint(tx, { purpose: 'consent', personId: input.personId, expiresAt });
	await tx.insert(marketingConsentRequest).values({
		personId: input.personId,
		channel: 'email',
		wordingId,
		tokenHash: tokens.hashToken(token),
		email: input.email,
		locale: input.locale,
		createdAt: now,
		expiresAt
	});
	await mail.enqueue(
		tx,
		'marketing.consent',
		renderConsentMail({
			locale: input.locale,
			to: input.email,
			controller: input.context.organizer,
			wordingText: shown!.text,
			confirmUrl: input.context.origin + localePath(input.locale, `/consent/${token}`),
			expiresAt
		})
	);
	await audit.record(tx, {
		action: 'marketing.consent_requested',
		actor: { kind: 'registrant' },
		subject: { type: 'person', id: input.personId },
		details: { channel: 'email' }
	});
	return true;
}

export interface ConsentRequestView {
	channel: MarketingChannel;
	email: string;
	locale: Locale;
	wordingText: string;
	wordingVersion: string;
	expired: boolean;
	confirmed: boolean;
}

async function findRequest(db: Db | Tx, token: string, lock: boolean) {
	const query = db
		.select({
			id: marketingConsentRequest.id,
			personId: marketingConsentRequest.personId,
			channel: marketingConsentRequest.channel,
			email: marketingConsentRequest.email,
			locale: marketingConsentRequest.locale,
			wordingId: marketingConsentRequest.wordingId,
			expiresAt: marketingConsentRequest.expiresAt,
			confirmedAt: marketingConsentRequest.confirmedAt,
			wordingText: wording.text,
			wordingVersion: wording.version
		})
		.from(marketingConsentRequest)
		.innerJoin(wording, eq(wording.id, marketingConsentRequest.wordingId))
		.where(eq(marketingConsentRequest.tokenHash, tokens.hashToken(token)));
	const [row] = await (lock ? query.for('update', { of: marketingConsentRequest }) : query);
	return row ?? null;
}

/** What the /consent/{token} page shows before the button: the exact text that will be recorded. */
export async function openConsentRequest(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<ConsentRequestView | null> {
	const row = await findRequest(db, token, false);
	if (!row) return null;
	return {
		channel: row.channel,
		email: row.email,
		locale: asLocale(row.locale),
		wordingText: row.wordingText,
		wordingVersion: row.wordingVersion,
		confirmed: row.confirmedAt !== null,
		expired: row.confirmedAt === null && row.expiresAt.getTime() <= now.getTime()
	};
}

export type ConfirmResult = 'granted' | 'expired' | 'already' | 'not_found';

/**
 * The second half: the person pressed the button. Writes the grant under the request's key with
 * the wording the request showed. Being their own explicit act, it lifts an earlier prohibition of
 * theirs on this channel (rules.ts).
 */
export async function confirmConsent(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<ConfirmResult> {
	return db.transaction(async (tx): Promise<ConfirmResult> => {
		const row = await findRequest(tx, token, true);
		if (!row) return 'not_found';
		if (row.confirmedAt) return 'already';
		if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
		const result = await recordDecision(tx, {
			personId: row.personId,
			channel: row.channel,
			decision: 'granted',
			basis: 'consent',
			source: 'link',
			wordingId: row.wordingId,
			recordedBy: { kind: 'person' }
		});
		if (!result.ok) throw new Error(`consent confirmation refused: ${result.reason}`);
		await tx
			.update(marketingConsentRequest)
			.set({ confirmedAt: now })
			.where(eq(marketingConsentRequest.id, row.id));
		return 'granted';
	});
}

/**
 * For the retention job: unconfirmed requests past their expiry (the address they were sent to
 * goes with them) and the consent tokens that can no longer open anything. Confirmed requests stay
 * as evidence of the consent they led to. Returns how many requests were deleted.
 */
export async function purgeExpiredConsentRequests(db: Db | Tx, now: Date): Promise<number> {
	const purged = await db
		.delete(marketingConsentRequest)
		.where(
			and(isNull(marketingConsentRequest.confirmedAt), lte(marketingConsentRequest.expiresAt, now))
		)
		.returning({ id: marketingConsentRequest.id });
	await db
		.delete(accessToken)
		.where(and(eq(accessToken.purpose, 'consent'), lte(accessToken.expiresAt, now)));
	return purged.length;
}
