import { eq } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { dataSubjectRequest, erasureJournal, type DataSubjectRequest } from '../db/schema';
import { anyProhibited } from '../permissions/rules';
import { enterEraseMaintenance, eraseRecords, type ErasureTarget } from './erase-core';
import { findPersonData, type PersonData } from './find';
import { getRequest, lockOpen, requesterQuery, type StaffActor } from './queue';
import { reauthenticate } from '../auth/reauthenticate';
import { addSuppression, suppressionHmac } from '../suppression';

export interface ErasurePreview {
	data: PersonData;
	/** Registrations kept for the event's counts, with names, email, phone and address removed. */
	anonymise: number;
	/** Registrations for events still to come, which keep a seat unless cancelled first. */
	upcoming: number;
	contacts: number;
	ledgerRows: number;
	consentRequests: number;
	tokens: number;
	outbox: number;
	auditEvents: number;
	/** Organisations whose own email or phone is the person's, which will be cleared. */
	organisations: number;
	requests: number;
	/** A prohibition of direct marketing stands: the email and phone go onto the suppression list. */
	suppress: boolean;
}

const unique = <T>(values: T[]) => [...new Set(values)];

function previewOf(data: PersonData, request: DataSubjectRequest, now: Date): ErasurePreview {
	return {
		data,
		anonymise: data.registrations.length,
		upcoming: data.registrations.filter(
			(r) => r.status !== 'cancelled' && r.event.startsAt.getTime() > now.getTime()
		).length,
		contacts: data.contacts.length,
		ledgerRows: data.marketing.history.length,
		consentRequests: data.consentRequests.length,
		tokens: data.tokens,
		outbox: data.outboxIds.length,
		auditEvents: data.auditEvents.filter((e) => e.subjectType !== 'data_subject_request').length,
		organisations: data.organisations.filter((o) => o.holdsTheirEmail || o.holdsTheirPhone).length,
		requests: unique([request.id, ...data.requests.map((r) => r.id)]).length,
		suppress: anyProhibited(data.marketing.state)
	};
}

/** What an erasure would do, for the admin to read before confirming it. */
export async function previewErasure(
	db: Db,
	requestId: string,
	now: Date = new Date()
): Promise<ErasurePreview | null> {
	const request = await getRequest(db, requestId);
	if (!request) return null;
	return previewOf(await findPersonData(db, requesterQuery(request)), request, now);
}

export function targetOf(
	data: PersonData,
	requestId: string,
	key?: string
): ErasureTarget & { hmacs: { kind: 'email' | 'phone'; hmac: string }[] } {
	const hmacs = [
		...data.emails.map((email) => ({
			kind: 'email' as const,
			hmac: suppressionHmac('email', email, key)
		})),
		...data.phones.map((phone) => ({
			kind: 'phone' as const,
			hmac: suppressionHmac('phone', phone, key)
		}))
	].filter((entry): entry is { kind: 'email' | 'phone'; hmac: string } => entry.hmac !== null);
	return {
		personKeys: data.subjects.personKeys,
		registrationIds: data.registrations.map((r) => r.id),
		contactIds: data.contacts.map((c) => c.id),
		organisationIds: data.organisations
			.filter((o) => o.holdsTheirEmail || o.holdsTheirPhone)
			.map((o) => o.id),
		requestIds: unique([requestId, ...data.requests.map((r) => r.id)]),
		outboxIds: data.outboxIds,
		emailHmacs: hmacs.filter((h) => h.kind === 'email').map((h) => h.hmac),
		phoneHmacs: hmacs.filter((h) => h.kind === 'phone').map((h) => h.hmac),
		hmacs
	};
}

export type EraseResult =
	| { ok: true; journalId: string; suppressed: boolean }
	| { ok: false; reason: 'wrongPassword' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number }
	| { ok: false; reason: 'not_found' | 'closed' | 'not_erasure' | 'not_verified' };

export interface EraseOptions {
	password: string;
	/** The person also objects to direct marketing: put them on the suppression list regardless. */
	alsoObject?: boolean;
	now?: Date;
	/** ILMO_SUPPRESSION_KEY unless given (tests). */
	key?: string;
}

async function eraseInTransaction(
	tx: Tx,
	actor: StaffActor,
	requestId: string,
	options: EraseOptions,
	now: Date
): Promise<EraseResult> {
	await enterEraseMaintenance(tx);
	const locked = await lockOpen(tx, requestId);
	if (!locked.ok) return locked;
	const { request } = locked;
	if (request.kind !== 'erasure') return { ok: false, reason: 'not_erasure' };
	if (request.status !== 'verified') return { ok: false, reason: 'not_verified' };
	const data = await findPersonData(tx, requesterQuery(request));
	const preview = previewOf(data, request, now);
	const suppressed = preview.suppress || Boolean(options.alsoObject);
	const { hmacs, ...target } = targetOf(data, request.id, options.key);
	const counts = await eraseRecords(tx, target, { actorId: actor.id, key: options.key });
	if (suppressed) await addSuppression(tx, hmacs);
	const [journal] = await tx
		.insert(erasureJournal)
		.values({
			erasedAt: now,
			requestId: request.id,
			actorId: actor.id,
			...target,
			suppressed
		})
		.returning({ id: erasureJournal.id });
	await tx
		.update(dataSubjectRequest)
		.set({
			status: 'completed',
			completedAt: now,
			outcome: 'Erased: registrations anonymised, all other records about the person deleted.',
			updatedAt: now
		})
		.where(eq(dataSubjectRequest.id, request.id));
	// No personal data: counts, and the journal row that can erase the same records again.
	await audit.record(tx, {
		action: 'person.erased',
		actor: { kind: 'staff', id: actor.id },
		subject: { type: 'data_subject_request', id: request.id },
		count: Object.values(counts).reduce((sum, n) => sum + n, 0),
		details: { ...counts, suppressed, journalId: journal!.id }
	});
	return { ok: true, journalId: journal!.id, suppressed };
}

/**
 * Erases everything held about the person a verified erasure request is about, in one
 * transaction, after the admin re-entered their password. Registrations are anonymised (event
 * counts and waiting lists stay true); contact records, the marketing ledger, consent requests,
 * links and queued mail are deleted; audit rows about them lose their details. Where a prohibition
 * of direct marketing stood, HMACs of the email and phone go onto the suppression list, so a later
 * sign-up or import cannot silently bring marketing back. The journal row lets a restore erase the
 * same records again.
 */
export async function erasePerson(
	db: Db,
	actor: StaffActor,
	requestId: string,
	options: EraseOptions
): Promise<EraseResult> {
	const now = options.now ?? new Date();
	const request = await getRequest(db, requestId);
	if (!request) return { ok: false, reason: 'not_found' };
	const check = await reauthenticate(db, actor.id, options.password, now);
	if (!check.ok) return check;
	return db.transaction((tx) => eraseInTransaction(tx, actor, requestId, options, now));
}
