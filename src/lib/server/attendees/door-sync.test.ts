import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { checkIn, registration } from '../db/schema';
import { clampDeviceTime, syncCheckIns } from './door-sync';
import { makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { seedTicketed } from '$tests/door';
import { makeEvent } from '$tests/factories';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

describe.each(DATABASE_KINDS)('syncing offline check-ins on %s', (kind) => {
	let database: Database;
	let first: { id: string; displayName: string };
	let second: { id: string };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		first = await makeStaff(database.db, 'door');
		second = await makeStaff(database.db, 'door');
	});
	afterAll(async () => {
		await database?.close();
	});

	it('lets the first check-in to arrive stand, keeps both times, and answers a retry the same', async () => {
		const now = new Date();
		const ev = await makeEvent(database.db, {
			startsAt: new Date(now.getTime() - HOUR_MS),
			endsAt: new Date(now.getTime() + 3 * HOUR_MS)
		});
		const [pekka, liisa] = await seedTicketed(database.db, ev, [
			{ firstName: 'Pekka', lastName: 'Kaksi' },
			{ firstName: 'Liisa', lastName: 'Peruu' }
		]);
		const early = new Date(now.getTime() - 20 * MINUTE_MS);
		const later = new Date(now.getTime() - 10 * MINUTE_MS);
		// Device B checked Pekka in first by its clock, but device A's queue reaches the server first.
		const fromA = await syncCheckIns(
			database.db,
			first,
			ev,
			'device-a',
			[{ registrationId: pekka!.registration.id, at: later.toISOString(), via: 'scan' }],
			now
		);
		expect(fromA).toEqual([
			{ registrationId: pekka!.registration.id, outcome: 'accepted', name: 'Pekka Kaksi' }
		]);
		// Liisa is cancelled online while device B is offline.
		await database.db
			.update(registration)
			.set({ status: 'cancelled' })
			.where(eq(registration.id, liisa!.registration.id));
		const queue = [
			{ registrationId: pekka!.registration.id, at: early.toISOString(), via: 'search' as const },
			{ registrationId: liisa!.registration.id, at: early.toISOString(), via: 'scan' as const },
			{
				registrationId: '00000000-0000-4000-8000-000000000000',
				at: early.toISOString(),
				via: 'scan' as const
			},
			{ registrationId: 'nonsense', at: early.toISOString(), via: 'scan' as const }
		];
		const expected = [
			{
				registrationId: pekka!.registration.id,
				outcome: 'duplicate',
				name: 'Pekka Kaksi',
				firstAt: later.toISOString(),
				firstBy: first.displayName
			},
			{ registrationId: liisa!.registration.id, outcome: 'refused', name: 'Liisa Peruu' },
			{ registrationId: queue[2]!.registrationId, outcome: 'unknown' },
			{ registrationId: 'nonsense', outcome: 'unknown' }
		];
		expect(await syncCheckIns(database.db, second, ev, 'device-b', queue, now)).toEqual(expected);
		// The answer was lost on the way: the device sends the same queue again.
		expect(await syncCheckIns(database.db, second, ev, 'device-b', queue, now)).toEqual(expected);

		// Both of Pekka's times are kept, and Liisa's refused one: no second row for the retry.
		const ledger = await database.db.select().from(checkIn).where(eq(checkIn.eventId, ev.id));
		const rows = ledger.map((row) => [
			row.registrationId,
			row.deviceId,
			row.outcome,
			row.at.toISOString()
		]);
		expect(rows).toHaveLength(3);
		expect(rows).toEqual(
			expect.arrayContaining([
				[pekka!.registration.id, 'device-a', 'accepted', later.toISOString()],
				[pekka!.registration.id, 'device-b', 'duplicate', early.toISOString()],
				[liisa!.registration.id, 'device-b', 'refused', early.toISOString()]
			])
		);
		expect(ledger.every((row) => row.source === 'offline')).toBe(true);
		const [state] = await database.db
			.select()
			.from(registration)
			.where(eq(registration.id, pekka!.registration.id));
		expect(state?.checkedInAt?.toISOString()).toBe(later.toISOString());
	});

	it('tells nothing of another event’s registration and writes no row for it', async () => {
		const now = new Date();
		const window = {
			startsAt: new Date(now.getTime() - HOUR_MS),
			endsAt: new Date(now.getTime() + HOUR_MS)
		};
		const here = await makeEvent(database.db, window);
		const elsewhere = await makeEvent(database.db, window);
		const [other] = await seedTicketed(database.db, elsewhere, [
			{ firstName: 'Muu', lastName: 'Tapahtuma' }
		]);
		const id = other!.registration.id;
		const answer = await syncCheckIns(
			database.db,
			first,
			here,
			'device-x',
			[{ registrationId: id, at: now.toISOString(), via: 'search' }],
			now
		);
		expect(answer).toEqual([{ registrationId: id, outcome: 'unknown' }]);
		expect(await database.db.select().from(checkIn).where(eq(checkIn.registrationId, id))).toEqual(
			[]
		);
	});

	it('answers a retry from a device whose clock runs ahead as the first time, with one row', async () => {
		const now = new Date();
		const ev = await makeEvent(database.db, {
			startsAt: new Date(now.getTime() - HOUR_MS),
			endsAt: new Date(now.getTime() + HOUR_MS)
		});
		const [ahead] = await seedTicketed(database.db, ev, [
			{ firstName: 'Eino', lastName: 'Etuajassa' }
		]);
		const queue = [
			{
				registrationId: ahead!.registration.id,
				at: new Date(now.getTime() + 1000).toISOString(),
				via: 'scan' as const
			}
		];
		const once = await syncCheckIns(database.db, first, ev, 'device-c', queue, now);
		const again = await syncCheckIns(
			database.db,
			first,
			ev,
			'device-c',
			queue,
			new Date(now.getTime() + 500)
		);
		expect(once).toEqual([
			{ registrationId: ahead!.registration.id, outcome: 'accepted', name: 'Eino Etuajassa' }
		]);
		expect(again).toEqual(once);
		const rows = await database.db
			.select()
			.from(checkIn)
			.where(eq(checkIn.registrationId, ahead!.registration.id));
		expect(rows).toHaveLength(1);
	});

	it('keeps a device’s time between the door opening and the server’s now', () => {
		const now = new Date('2026-06-01T12:00:00Z');
		const ev = { startsAt: new Date('2026-06-01T10:00:00Z') };
		const clamp = (iso: string) => clampDeviceTime(new Date(iso), ev, 24, now).toISOString();
		expect(clamp('2026-06-01T11:00:00Z')).toBe('2026-06-01T11:00:00.000Z');
		expect(clamp('2026-06-02T11:00:00Z')).toBe(now.toISOString());
		expect(clamp('2020-01-01T00:00:00Z')).toBe('2026-05-31T10:00:00.000Z');
	});
});
