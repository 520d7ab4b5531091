import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import {
	dataSubjectRequest,
	staffUser,
	type DataSubjectRequest,
	type RequestChannel,
	type RequestKind,
	type RequestStatus
} from '../db/schema';
import {
	OPEN_STATUSES,
	dueFor,
	effectiveDue,
	isOpen,
	isOverdue,
	latestExtension,
	addMonths
} from './dates';
import { normaliseOptionalEmail } from '../person/email';
import { findSubjects, normaliseOptionalPhone, type PersonQuery } from '../person/subjects';
import { isId } from '../db/ids';
import type { Locale } from '../../locale';

export interface StaffActor {
	id: string;
}

export function recordRequest(
	db: Db | Tx,
	actor: StaffActor | null,
	action: audit.AuditAction,
	requestId: string,
	details?: Record<string, unknown>
) {
	return audit.record(db, {
		action,
		actor: actor ? { kind: 'staff', id: actor.id } : { kind: 'registrant' },
		subject: { type: 'data_subject_request', id: requestId },
		details
	});
}

export interface CreateRequestInput {
	kind: RequestKind;
	channel: RequestChannel;
	email?: string;
	phone?: string;
	note?: string;
	locale: Locale;
	/** When it arrived (a letter opened today may be dated earlier); defaults to now. */
	receivedAt?: Date;
	now?: Date;
}

export type CreateRequestResult =
	{ ok: true; id: string } | { ok: false; field: 'email' | 'phone' | 'receivedOn'; error: string };

/** Enters a request staff received, resolved to the person it is about when anything is held. */
export async function createRequest(
	db: Db,
	actor: StaffActor,
	input: CreateRequestInput
): Promise<CreateRequestResult> {
	const now = input.now ?? new Date();
	const email = normaliseOptionalEmail(input.email);
	const phone = normaliseOptionalPhone(input.phone);
	if (input.phone?.trim() && !phone) return { ok: false, field: 'phone', error: 'phoneInvalid' };
	if (!email && !phone) return { ok: false, field: 'email', error: 'requestsContactRequired' };
	const receivedAt = input.receivedAt ?? now;
	if (receivedAt.getTime() > now.getTime()) {
		return { ok: false, field: 'receivedOn', error: 'requestsReceivedFuture' };
	}
	return db.transaction(async (tx) => {
		const subjects = await findSubjects(tx, { email, phone });
		const [row] = await tx
			.insert(dataSubjectRequest)
			.values({
				kind: input.kind,
				channel: input.channel,
				requesterEmail: email,
				requesterPhone: phone,
				personId: subjects.people[0] ?? null,
				locale: input.locale,
				note: input.note?.trim() || null,
				receivedAt,
				dueAt: dueFor(receivedAt),
				createdBy: actor.id
			})
			.returning({ id: dataSubjectRequest.id });
		await recordRequest(tx, actor, 'request.created', row!.id, {
			kind: input.kind,
			channel: input.channel,
			found: subjects.people.length
		});
		return { ok: true as const, id: row!.id };
	});
}

export interface RequestRow {
	id: string;
	kind: RequestKind;
	status: RequestStatus;
	channel: RequestChannel;
	receivedAt: Date;
	dueAt: Date;
	extendedUntil: Date | null;
	/** The deadline in force. */
	due: Date;
	overdue: boolean;
	completedAt: Date | null;
	createdByName: string | null;
}

export type RequestFilter = 'open' | 'closed' | 'all';

/** The queue: open requests soonest deadline first, or closed ones latest first. */
export async function listRequests(
	db: Db,
	filter: RequestFilter = 'open',
	now: Date = new Date()
): Promise<RequestRow[]> {
	const open = inArray(dataSubjectRequest.status, [...OPEN_STATUSES]);
	const rows = await db
		.select({
			id: dataSubjectRequest.id,
			kind: dataSubjectRequest.kind,
			status: dataSubjectRequest.status,
			channel: dataSubjectRequest.channel,
			receivedAt: dataSubjectRequest.receivedAt,
			dueAt: dataSubjectRequest.dueAt,
			extendedUntil: dataSubjectRequest.extendedUntil,
			completedAt: dataSubjectRequest.completedAt,
			createdByName: staffUser.displayName
		})
		.from(dataSubjectRequest)
		.leftJoin(staffUser, eq(staffUser.id, dataSubjectRequest.createdBy))
		.where(filter === 'open' ? open : filter === 'closed' ? sql`NOT ${open}` : undefined)
		.orderBy(
			filter === 'open'
				? asc(sql`coalesce(${dataSubjectRequest.extendedUntil}, ${dataSubjectRequest.dueAt})`)
				: desc(dataSubjectRequest.receivedAt),
			asc(dataSubjectRequest.id)
		);
	return rows.map((row) => ({ ...row, due: effectiveDue(row), overdue: isOverdue(row, now) }));
}

/** For the dashboard: open requests past their deadline (an extension's, when granted). */
export async function countOverdue(db: Db, now: Date = new Date()): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(dataSubjectRequest)
		.where(
			and(
				inArray(dataSubjectRequest.status, [...OPEN_STATUSES]),
				// A bare Date would reach postgres.js untyped: give it as text with its type.
				lt(
					sql`coalesce(${dataSubjectRequest.extendedUntil}, ${dataSubjectRequest.dueAt})`,
					sql`${now.toISOString()}::timestamptz`
				)
			)
		);
	return row?.n ?? 0;
}

export async function getRequest(db: Db | Tx, id: string): Promise<DataSubjectRequest | null> {
	if (!isId(id)) return null;
	const [row] = await db.select().from(dataSubjectRequest).where(eq(dataSubjectRequest.id, id));
	return row ?? null;
}

/** The person a request is about, as the searches for their data take it. */
export function requesterQuery(request: DataSubjectRequest): PersonQuery {
	return {
		email: request.requesterEmail,
		phone: request.requesterPhone,
		personId: request.personId
	};
}

/** The request row locked for a change, when it exists and is still open. */
export async function lockOpen(
	tx: Tx,
	id: string
): Promise<
	{ ok: true; request: DataSubjectRequest } | { ok: false; reason: 'not_found' | 'closed' }
> {
	if (!isId(id)) return { ok: false, reason: 'not_found' };
	const [row] = await tx
		.select()
		.from(dataSubjectRequest)
		.where(eq(dataSubjectRequest.id, id))
		.for('update');
	if (!row) return { ok: false, reason: 'not_found' };
	if (!isOpen(row.status)) return { ok: false, reason: 'closed' };
	return { ok: true, request: row };
}

export type ExtendResult =
	| { ok: true; until: Date }
	| { ok: false; reason: 'not_found' | 'closed' | 'reason_required' | 'too_long' | 'not_later' };

/**
 * Art. 12(3): the deadline may be extended by at most two further months where necessary, the
 * requester being told why within the first month. `months` counts from the original due date, so
 * a second extension can only take it to the same two-month limit, never past it.
 */
export async function extendRequest(
	db: Db,
	actor: StaffActor,
	id: string,
	input: { months: number; reason: string }
): Promise<ExtendResult> {
	const reason = input.reason.trim();
	if (!reason) return { ok: false, reason: 'reason_required' };
	if (!Number.isInteger(input.months) || input.months < 1)
		return { ok: false, reason: 'not_later' };
	return db.transaction(async (tx): Promise<ExtendResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const { request } = locked;
		const until = addMonths(request.dueAt, input.months);
		if (until.getTime() > latestExtension(request.dueAt).getTime()) {
			return { ok: false, reason: 'too_long' };
		}
		if (until.getTime() <= effectiveDue(request).getTime())
			return { ok: false, reason: 'not_later' };
		await tx
			.update(dataSubjectRequest)
			.set({ extendedUntil: until, extensionReason: reason, updatedAt: new Date() })
			.where(eq(dataSubjectRequest.id, id));
		await recordRequest(tx, actor, 'request.extended', id, {
			months: input.months,
			until: until.toISOString()
		});
		return { ok: true, until };
	});
}

export type CloseResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'closed' | 'note_required' };

/** Completes or rejects a request with a note on what was done (or why not). */
export async function closeRequest(
	db: Db,
	actor: StaffActor,
	id: string,
	input: { status: 'completed' | 'rejected'; outcome: string }
): Promise<CloseResult> {
	const outcome = input.outcome.trim();
	if (!outcome) return { ok: false, reason: 'note_required' };
	return db.transaction(async (tx): Promise<CloseResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const now = new Date();
		await tx
			.update(dataSubjectRequest)
			.set({ status: input.status, outcome, completedAt: now, updatedAt: now })
			.where(eq(dataSubjectRequest.id, id));
		await recordRequest(
			tx,
			actor,
			input.status === 'completed' ? 'request.completed' : 'request.rejected',
			id
		);
		return { ok: true };
	});
}
