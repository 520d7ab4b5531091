import { eq } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { asLocale } from '../../locale';
import type { Db } from '../db';
import { accessToken, dataSubjectRequest, type RequestKind } from '../db/schema';
import * as mail from '../mail';
import { renderVerificationMail } from '../mail/templates/requests';
import { localePath, type MailContext } from '../mail-context';
import * as tokens from '../tokens';
import { emailOnRecord, findPersonData, holdsAnything } from './find';
import { lockOpen, requesterQuery, recordRequest, type StaffActor } from './queue';

/** How long a verification link stays valid. */
export const VERIFICATION_VALID_DAYS = 14;
const DAY_MS = 86_400_000;

export type SendVerificationResult =
	| { ok: true; to: string }
	| {
			ok: false;
			reason: 'not_found' | 'closed' | 'already_verified' | 'no_email' | 'nothing_held';
	  };

/**
 * Sends a link to the email on record (never to an address only the requester typed), so the
 * answer goes to the person the data is about. A fresh link replaces an earlier one. A person with
 * no email on record is verified by an admin instead (`recordIdentityCheck`).
 */
export async function sendVerification(
	db: Db,
	actor: StaffActor,
	id: string,
	context: MailContext,
	now: Date = new Date()
): Promise<SendVerificationResult> {
	const result = await db.transaction(async (tx): Promise<SendVerificationResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const { request } = locked;
		if (request.status === 'verified') return { ok: false, reason: 'already_verified' };
		const data = await findPersonData(tx, requesterQuery(request));
		if (!holdsAnything(data) || data.subjects.people.length === 0) {
			return { ok: false, reason: 'nothing_held' };
		}
		const to = emailOnRecord(data);
		if (!to) return { ok: false, reason: 'no_email' };
		if (request.verificationTokenHash) {
			await tx.delete(accessToken).where(eq(accessToken.tokenHash, request.verificationTokenHash));
		}
		const expiresAt = new Date(now.getTime() + VERIFICATION_VALID_DAYS * DAY_MS);
		const personId = data.subjects.people[0]!;
		const token = await tokens.mint(tx, { purpose: 'verification', personId, expiresAt });
		await tx
			.update(dataSubjectRequest)
			.set({
				status: 'verifying',
				personId,
				verificationEmail: to,
				verificationTokenHash: tokens.hashToken(token),
				verificationSentAt: now,
				verificationExpiresAt: expiresAt,
				updatedAt: now
			})
			.where(eq(dataSubjectRequest.id, id));
		const locale = asLocale(request.locale);
		await mail.enqueue(
			tx,
			'request.verification',
			renderVerificationMail({
				locale,
				to,
				controller: context.organizer,
				kind: request.kind,
				verifyUrl: context.origin + localePath(locale, `/requests/verify/${token}`),
				expiresAt
			})
		);
		await recordRequest(tx, actor, 'request.verification_sent', id);
		return { ok: true, to };
	});
	if (result.ok) mail.wake();
	return result;
}

export type VerificationState = 'open' | 'verified' | 'expired' | 'closed';

export interface VerificationView {
	state: VerificationState;
	kind: RequestKind;
	locale: Locale;
}

/** What the verification page shows; null for a token that names no request (a 404). */
export async function openVerification(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<VerificationView | null> {
	const [request] = await db
		.select()
		.from(dataSubjectRequest)
		.where(eq(dataSubjectRequest.verificationTokenHash, tokens.hashToken(token)));
	if (!request) return null;
	const base = { kind: request.kind, locale: asLocale(request.locale) };
	if (request.verifiedAt) return { ...base, state: 'verified' };
	if (request.status !== 'verifying') return { ...base, state: 'closed' };
	if (!request.verificationExpiresAt || request.verificationExpiresAt.getTime() <= now.getTime()) {
		return { ...base, state: 'expired' };
	}
	return { ...base, state: 'open' };
}

/** 'confirmed' now; 'verified' already before. */
export type ConfirmResult = 'confirmed' | Exclude<VerificationState, 'open'> | 'not_found';

/**
 * The requester's button on the verification page (opening the link changes nothing: mail
 * scanners fetch links). The link is used up; the request waits for an admin to answer it.
 */
export async function confirmVerification(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<ConfirmResult> {
	return db.transaction(async (tx) => {
		const [request] = await tx
			.select()
			.from(dataSubjectRequest)
			.where(eq(dataSubjectRequest.verificationTokenHash, tokens.hashToken(token)))
			.for('update');
		if (!request) return 'not_found';
		if (request.verifiedAt) return 'verified';
		if (request.status !== 'verifying') return 'closed';
		if (
			!request.verificationExpiresAt ||
			request.verificationExpiresAt.getTime() <= now.getTime()
		) {
			return 'expired';
		}
		await tx
			.update(dataSubjectRequest)
			.set({
				status: 'verified',
				verificationMethod: 'email_link',
				verifiedAt: now,
				updatedAt: now
			})
			.where(eq(dataSubjectRequest.id, request.id));
		await tx.delete(accessToken).where(eq(accessToken.tokenHash, request.verificationTokenHash!));
		await recordRequest(tx, null, 'request.verified', request.id, { method: 'email_link' });
		return 'confirmed';
	});
}

export type IdentityCheckResult =
	| { ok: true }
	| {
			ok: false;
			reason: 'not_found' | 'closed' | 'already_verified' | 'note_required' | 'has_email';
	  };

/**
 * For a person with no email on record: the admin writes how their identity was checked (e.g. "in
 * person, driving licence seen"), and the request counts as verified. Where an email is held, the
 * link to it is the check; this is refused.
 */
export async function recordIdentityCheck(
	db: Db,
	actor: StaffActor,
	id: string,
	note: string,
	now: Date = new Date()
): Promise<IdentityCheckResult> {
	const text = note.trim();
	if (!text) return { ok: false, reason: 'note_required' };
	return db.transaction(async (tx): Promise<IdentityCheckResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const { request } = locked;
		if (request.status === 'verified') return { ok: false, reason: 'already_verified' };
		const data = await findPersonData(tx, requesterQuery(request));
		if (emailOnRecord(data)) return { ok: false, reason: 'has_email' };
		await tx
			.update(dataSubjectRequest)
			.set({
				status: 'verified',
				verificationMethod: 'staff_check',
				identityCheck: text,
				verifiedAt: now,
				personId: data.subjects.people[0] ?? request.personId,
				updatedAt: now
			})
			.where(eq(dataSubjectRequest.id, id));
		await recordRequest(tx, actor, 'request.verified', id, { method: 'staff_check' });
		return { ok: true };
	});
}
