import { and, eq } from 'drizzle-orm';
import type { QueuedCheckIn, SyncResult } from '../../door';
import type { Db, Tx } from '../db';
import { getSetting } from '../auth/settings';
import { checkIn, registration, type Event } from '../db/schema';
import type { StaffActor } from './audit';
import { arrivedBy, markArrival } from './checkin';
import { isId } from './list';

/**
 * A device's clock may be wrong: its time is kept, but never before the door could open (the
 * event's start less the door window) nor after the server's now.
 */
export function clampDeviceTime(
	at: Date,
	ev: Pick<Event, 'startsAt'>,
	windowHours: number,
	now: Date
) {
	if (Number.isNaN(at.getTime())) return now;
	const earliest = ev.startsAt.getTime() - windowHours * 3_600_000;
	return new Date(Math.min(Math.max(at.getTime(), earliest), now.getTime()));
}

/**
 * A door device's offline queue, in its order. The first check-in of a person to reach the server
 * stands ('accepted'); a later one, from this or another device, is kept in the ledger as
 * 'duplicate' and answered with the time and staff user that stand; a registration cancelled
 * meanwhile is kept as 'refused'. Another event's registration (moved away, or an id the device
 * should not know) is 'unknown': no name and no ledger row, so this door's right reveals and writes
 * nothing about another event. A device checks a person in offline at most once, so a repeated
 * sync of the same item (a retry after a lost answer) finds its ledger row by registration,
 * device and source (not by time: a clock running ahead is clamped to a different now on each
 * attempt) and is answered as before without a second row. The registration row is locked
 * first, so a retry that overtakes a still-running first attempt waits for it.
 */
export async function syncCheckIns(
	db: Db,
	actor: StaffActor,
	ev: Event,
	deviceId: string,
	checkIns: QueuedCheckIn[],
	now: Date = new Date()
): Promise<SyncResult[]> {
	const windowHours = await getSetting(db, 'door_window_hours');
	const results: SyncResult[] = [];
	for (const item of checkIns) {
		const at = clampDeviceTime(new Date(item.at), ev, windowHours, now);
		results.push(
			await db.transaction((tx) =>
				syncOne(tx, actor, ev.id, deviceId, item.registrationId, at, now)
			)
		);
	}
	return results;
}

async function syncOne(
	tx: Tx,
	actor: StaffActor,
	eventId: string,
	deviceId: string,
	registrationId: string,
	at: Date,
	now: Date
): Promise<SyncResult> {
	if (!isId(registrationId)) return { registrationId, outcome: 'unknown' };
	const [held] = await tx
		.select({
			eventId: registration.eventId,
			firstName: registration.firstName,
			lastName: registration.lastName
		})
		.from(registration)
		.where(eq(registration.id, registrationId))
		.for('update');
	if (!held || held.eventId !== eventId) return { registrationId, outcome: 'unknown' };
	const name = `${held.firstName} ${held.lastName}`;
	const arrival = { source: 'offline' as const, deviceId, at };

	const [seen] = await tx
		.select({ outcome: checkIn.outcome })
		.from(checkIn)
		.where(
			and(
				eq(checkIn.registrationId, registrationId),
				eq(checkIn.eventId, eventId),
				eq(checkIn.deviceId, deviceId),
				eq(checkIn.source, 'offline')
			)
		)
		.limit(1);
	if (seen) return answerAgain(tx, registrationId, name, seen.outcome);

	const result = await markArrival(
		tx,
		actor,
		{ eventId, registrationId, arrived: true },
		{},
		now,
		arrival
	);
	if (!result.ok) return { registrationId, outcome: 'refused', name };
	if (result.changed) return { registrationId, outcome: 'accepted', name };
	return {
		registrationId,
		outcome: 'duplicate',
		name,
		firstAt: result.checkedInAt?.toISOString(),
		firstBy: await arrivedBy(tx, registrationId)
	};
}

/** The answer a repeated item had the first time, from its ledger row and the current state. */
async function answerAgain(
	tx: Tx,
	registrationId: string,
	name: string,
	outcome: 'accepted' | 'duplicate' | 'refused'
): Promise<SyncResult> {
	if (outcome !== 'duplicate') return { registrationId, outcome, name };
	const [state] = await tx
		.select({ checkedInAt: registration.checkedInAt })
		.from(registration)
		.where(eq(registration.id, registrationId));
	return {
		registrationId,
		outcome,
		name,
		firstAt: state?.checkedInAt?.toISOString(),
		firstBy: await arrivedBy(tx, registrationId)
	};
}
