import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { UndoReason } from '../../schemas/staff-registration';
import type { Db, Tx } from '../db';
import { getSetting } from '../auth/settings';
import {
	checkIn as checkInTable,
	registration,
	staffUser,
	type CheckInOutcome,
	type CheckInSource,
	type Event,
	type StaffRole
} from '../db/schema';
import { searchKey } from '../db/search-key';
import * as events from '../events';
import { listForDoor } from '../events/staff';
import { recordAttendees, type StaffActor } from './audit';
import { isId } from './list';
import { hasEnoughLetters, nameCondition, normaliseQuery } from './search';
import { linkedOrganisationSql, registrationPersonSql } from '../person/keys';

export type DoorAccess =
	{ ok: true; event: Event } | { ok: false; reason: 'not_found' | 'forbidden' };

/**
 * Staff may open the door view of any event; a door account only of events starting today or
 * within the door window an admin sets, so it never learns who comes to anything else.
 */
export async function openDoor(
	db: Db,
	role: StaffRole,
	eventId: string,
	now: Date = new Date()
): Promise<DoorAccess> {
	if (!isId(eventId)) return { ok: false, reason: 'not_found' };
	if (role === 'door') {
		const windowHours = await getSetting(db, 'door_window_hours');
		const allowed = (await listForDoor(db, now, windowHours)).find((e) => e.id === eventId);
		return allowed ? { ok: true, event: allowed } : { ok: false, reason: 'forbidden' };
	}
	const found = await events.findById(db, eventId);
	return found ? { ok: true, event: found } : { ok: false, reason: 'not_found' };
}

/** All the door ever sees of a person: no email, phone or address. */
export interface DoorMatch {
	id: string;
	firstName: string;
	lastName: string;
	checkedIn: boolean;
	organisation: string | null;
}

const DOOR_LIMIT = 25;

/**
 * Confirmed registrants whose first or last name starts with the typed words, once three letters
 * are typed. Each search is an `attendees.viewed` audit event (view: door).
 */
export async function searchAtDoor(
	db: Db,
	actor: StaffActor,
	eventId: string,
	text: string
): Promise<DoorMatch[] | null> {
	const query = normaliseQuery(text);
	if (!hasEnoughLetters(query)) return null;
	const rows = await db
		.select({
			id: registration.id,
			firstName: registration.firstName,
			lastName: registration.lastName,
			checkedIn: sql<boolean>`${registration.checkedInAt} IS NOT NULL`,
			organisation: linkedOrganisationSql(registrationPersonSql)
		})
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				eq(registration.status, 'confirmed'),
				nameCondition(query)
			)
		)
		.orderBy(
			asc(searchKey(registration.lastName)),
			asc(searchKey(registration.firstName)),
			asc(registration.id)
		)
		.limit(DOOR_LIMIT);
	await recordAttendees(
		db,
		actor,
		'attendees.viewed',
		{ type: 'event', id: eventId },
		{ count: rows.length, details: { view: 'door' } }
	);
	return rows;
}

export type CheckInResult =
	| { ok: true; changed: boolean; checkedInAt: Date | null }
	| { ok: false; reason: 'not_found' | 'not_confirmed' };

/**
 * How an arrival reached the server, for the check_in ledger. `at` is when it happened at the door
 * (a device's own clock for an offline check-in, already bounded by the caller); default now.
 */
export interface Arrival {
	source: CheckInSource;
	deviceId?: string | null;
	at?: Date;
}

async function stateOf(db: Db | Tx, eventId: string, registrationId: string) {
	if (!isId(registrationId)) return null;
	const [row] = await db
		.select({ status: registration.status, checkedInAt: registration.checkedInAt })
		.from(registration)
		.where(and(eq(registration.id, registrationId), eq(registration.eventId, eventId)));
	return row ?? null;
}

/**
 * Marks a confirmed registrant as arrived. Two phones at one door may tap the same person: the
 * second tap changes nothing and is no error (`changed: false`), and only the first is audited.
 */
export async function checkIn(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	now: Date = new Date(),
	arrival: Arrival = { source: 'search' }
): Promise<CheckInResult> {
	return markArrival(db, actor, { eventId, registrationId, arrived: true }, {}, now, arrival);
}

/** Takes a check-in back, with one of a fixed list of reasons (no free text reaches the trail). */
export async function undoCheckIn(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	reason: UndoReason,
	now: Date = new Date()
): Promise<CheckInResult> {
	return markArrival(db, actor, { eventId, registrationId, arrived: false }, { reason }, now);
}

/**
 * One conditional update, so that of two taps at once only one changes the row and is audited;
 * the other then reads why nothing changed. An arrival that changed the row is written to the
 * check_in ledger in the same transaction. An online tap or scan that finds the person already in
 * writes nothing more: its device is told "already" at once, so there is no second time to keep.
 * An offline check-in is different: its device already told the person they were in, so a late
 * one is kept as 'duplicate' (or 'refused' when the seat is gone) beside the one that stands.
 */
export async function markArrival(
	db: Db | Tx,
	actor: StaffActor,
	target: { eventId: string; registrationId: string; arrived: boolean },
	details: { reason?: UndoReason },
	now: Date,
	arrival: Arrival = { source: 'search' }
): Promise<CheckInResult> {
	const { eventId, registrationId, arrived } = target;
	if (!isId(registrationId)) return { ok: false, reason: 'not_found' };
	const at = arrival.at ?? now;
	return db.transaction(async (tx) => {
		const [done] = await tx
			.update(registration)
			.set({ checkedInAt: arrived ? at : null, updatedAt: now })
			.where(
				and(
					eq(registration.id, registrationId),
					eq(registration.eventId, eventId),
					arrived
						? and(eq(registration.status, 'confirmed'), isNull(registration.checkedInAt))
						: isNotNull(registration.checkedInAt)
				)
			)
			.returning({ id: registration.id });
		if (done) {
			if (arrived) await recordCheckIn(tx, actor, eventId, registrationId, arrival, at, 'accepted');
			// The search path keeps the details it always had; a scan or a sync says which it was.
			const source = arrived && arrival.source !== 'search' ? { source: arrival.source } : {};
			await recordAttendees(
				tx,
				actor,
				arrived ? 'registration.checked_in' : 'registration.check_in_undone',
				{ type: 'registration', id: registrationId },
				{ details: { eventId, ...source, ...details } }
			);
			return { ok: true, changed: true, checkedInAt: arrived ? at : null };
		}
		const state = await stateOf(tx, eventId, registrationId);
		if (!state) return { ok: false, reason: 'not_found' };
		// Only arriving needs a seat: undoing the check-in of someone since cancelled is a no-op.
		if (arrived && state.status !== 'confirmed') {
			if (arrival.source === 'offline') {
				await recordCheckIn(tx, actor, eventId, registrationId, arrival, at, 'refused');
			}
			return { ok: false, reason: 'not_confirmed' };
		}
		if (arrived && arrival.source === 'offline') {
			await recordCheckIn(tx, actor, eventId, registrationId, arrival, at, 'duplicate');
		}
		return { ok: true, changed: false, checkedInAt: state.checkedInAt };
	});
}

/** One row of the check_in ledger, in the caller's transaction. */
export function recordCheckIn(
	tx: Tx,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	arrival: Arrival,
	at: Date,
	outcome: CheckInOutcome
) {
	return tx.insert(checkInTable).values({
		registrationId,
		eventId,
		staffUserId: actor.id,
		deviceId: arrival.deviceId ?? null,
		source: arrival.source,
		outcome,
		at
	});
}

/**
 * Who checked a registrant in, as the ledger says: the staff user of the latest accepted
 * check-in, or null when unknown (an account since deleted, or an arrival from before the ledger).
 */
export async function arrivedBy(db: Db | Tx, registrationId: string): Promise<string | null> {
	const [row] = await db
		.select({ name: staffUser.displayName })
		.from(checkInTable)
		.leftJoin(staffUser, eq(staffUser.id, checkInTable.staffUserId))
		.where(
			and(eq(checkInTable.registrationId, registrationId), eq(checkInTable.outcome, 'accepted'))
		)
		.orderBy(desc(checkInTable.receivedAt))
		.limit(1);
	return row?.name ?? null;
}
