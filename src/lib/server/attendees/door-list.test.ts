import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { checkIn as checkInAt } from './checkin';
import { arrivalsAtDoor, doorList, wipeAfterOf } from './door-list';
import { ticketHash } from '../tickets/code';
import { auditFor, makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { seedTicketed } from '$tests/door';
import { makeEvent } from '$tests/factories';

const HOUR_MS = 3_600_000;

describe.each(DATABASE_KINDS)('the door list on %s', (kind) => {
	let database: Database;
	let door: { id: string };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		door = await makeStaff(database.db, 'door');
	});
	afterAll(async () => {
		await database?.close();
	});

	it('hands a device names and ticket hashes only, and the page who has come and who has not', async () => {
		const now = new Date();
		const ev = await makeEvent(database.db);
		const [bertta, aapo, jonna, peter] = await seedTicketed(database.db, ev, [
			{ firstName: 'Bertta', lastName: 'Aalto', phone: '+358401112222', city: 'Turku' },
			{ firstName: 'Aapo', lastName: 'Aalto' },
			{
				firstName: 'Jonna',
				lastName: 'Jono',
				status: 'waitlisted',
				offerExpiresAt: new Date(now.getTime() + HOUR_MS)
			},
			{ firstName: 'Peter', lastName: 'Peruttu', status: 'cancelled' }
		]);
		await checkInAt(database.db, door, ev.id, bertta!.registration.id, now);

		const list = await doorList(database.db, door, ev, now);
		expect(list.event).toEqual({
			id: ev.id,
			title: ev.titleFi,
			startsAt: ev.startsAt.toISOString(),
			endsAt: ev.endsAt.toISOString()
		});
		expect(list.people).toEqual([
			{
				id: aapo!.registration.id,
				firstName: 'Aapo',
				lastName: 'Aalto',
				organisation: null,
				ticketHash: ticketHash(aapo!.code),
				status: 'confirmed',
				offerPending: false,
				checkedInAt: null
			},
			expect.objectContaining({
				id: bertta!.registration.id,
				checkedInAt: now.toISOString()
			}),
			// The waiting list travels unnamed: the door's search shows confirmed people only.
			{
				id: jonna!.registration.id,
				firstName: '',
				lastName: '',
				organisation: null,
				ticketHash: ticketHash(jonna!.code),
				status: 'waitlisted',
				offerPending: true,
				checkedInAt: null
			}
		]);
		expect(list.voidHashes).toEqual([ticketHash(peter!.code)]);
		// The phone as written or stored, not "358": ids and ticket hashes are random hex, which may hold it.
		expect(JSON.stringify(list)).not.toMatch(/\+358|40 ?111 ?2222|Turku|@|Jonna|Jono/);
		expect(new Date(list.wipeAfter).getTime()).toBeGreaterThan(ev.endsAt.getTime());

		const page = await arrivalsAtDoor(database.db, door, ev.id);
		expect(page.waiting.map((p) => p.firstName)).toEqual(['Aapo']);
		expect(page.arrived.map((p) => [p.firstName, p.checkedInAt])).toEqual([['Bertta', now]]);
		expect((await arrivalsAtDoor(database.db, door, ev.id, 'bert')).waiting).toEqual([]);

		const audits = await auditFor(database.db, 'attendees.viewed', ev.id);
		expect(audits.map((a) => [a.count, a.details])).toEqual([
			[3, { view: 'door-offline' }],
			[2, { view: 'door-list' }],
			[1, { view: 'door-list' }]
		]);
	});

	it('wipes a device’s list at midnight after the event’s last day, Finnish time', () => {
		// 22:00 in Helsinki on 10 June (summer time, UTC+3): wiped at 00:00 on 11 June, 21:00 UTC.
		expect(wipeAfterOf({ endsAt: new Date('2026-06-10T19:00:00Z') }).toISOString()).toBe(
			'2026-06-10T21:00:00.000Z'
		);
		// 01:30 in Helsinki on 11 December (UTC+2) already belongs to the 11th.
		expect(wipeAfterOf({ endsAt: new Date('2026-12-10T23:30:00Z') }).toISOString()).toBe(
			'2026-12-11T22:00:00.000Z'
		);
	});
});
