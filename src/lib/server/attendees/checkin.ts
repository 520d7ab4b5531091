import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { UndoReason } from '../../schemas/staff-registration';
import type { Db, Tx } from '../db';
import { getSetting } from '../auth/settings';
import { registration, type Event, type StaffRole } from '../db/schema';
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
	{ ok: true; changed: boolean } | { ok: false; reason: 'not_found' | 'not_confirmed' };

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
	now: Date = new Date()
): Promise<CheckInResult> {
	return markArrival(db, actor, { eventId, registrationId, arrived: true }, {}, now);
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
 * the other then reads why nothing changed.
 */
async function markArrival(
	db: Db,
	actor: StaffActor,
	target: { eventId: string; registrationId: string; arrived: boolean },
	details: { reason?: UndoReason },
	now: Date
): Promise<CheckInResult> {
	const { eventId, registrationId, arrived } = target;
	if (!isId(registrationId)) return { ok: false, reason: 'not_found' };
	return db.transaction(async (tx) => {
		const [done] = await tx
			.update(registration)
			.set({ checkedInAt: arrived ? now : null, updatedAt: now })
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
			await recordAttendees(
				tx,
				actor,
				arrived ? 'registration.checked_in' : 'registration.check_in_undone',
				{ type: 'registration', id: registrationId },
				{ details: { eventId, ...details } }
			);
			return { ok: true, changed: true };
		}
		const state = await stateOf(tx, eventId, registrationId);
		if (!state) return { ok: false, reason: 'not_found' };
		// Only arriving needs a seat: undoing the check-in of someone since cancelled is a no-op.
		if (arrived && state.status !== 'confirmed') return { ok: false, reason: 'not_confirmed' };
		return { ok: true, changed: false };
	});
}
