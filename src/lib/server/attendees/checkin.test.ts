import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { checkIn as checkInLedger, registration } from '../db/schema';
import { checkIn, countAttendees, openDoor, searchAtDoor, undoCheckIn } from './index';
import { auditFor, makeStaff, seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';

const HOUR_MS = 3_600_000;

describe.each(DATABASE_KINDS)('check-in at the door on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		staff = await makeStaff(database.db, 'door');
	});
	afterAll(async () => {
		await database?.close();
	});

	it('finds confirmed people by name after three letters, showing nothing but names', async () => {
		const ev = await makeEvent(database.db);
		await seedRegistrants(database.db, ev, [
			{ firstName: 'Kalle', lastName: 'Kuljettaja', phone: '+358401112222', city: 'Turku' },
			{ firstName: 'Kaisa', lastName: 'Kuljettaja' },
			{ firstName: 'Kari', lastName: 'Kuljettaja', status: 'waitlisted' },
			{ firstName: 'Keijo', lastName: 'Kuljettaja', status: 'cancelled' }
		]);
		expect(await searchAtDoor(database.db, staff, ev.id, 'ku')).toBeNull();
		expect(await searchAtDoor(database.db, staff, ev.id, ' k u ')).toBeNull();
		const matches = (await searchAtDoor(database.db, staff, ev.id, 'KUL'))!;
		expect(matches.map((m) => m.firstName)).toEqual(['Kaisa', 'Kalle']);
		for (const match of matches) {
			expect(Object.keys(match).sort()).toEqual(
				['checkedIn', 'firstName', 'id', 'lastName', 'organisation'].sort()
			);
			expect(match.organisation).toBeNull();
		}
		// The ids are random UUIDs, which may hold "358" by chance: look at every other value.
		const shown = matches.map(({ id: _id, ...rest }) => rest);
		expect(JSON.stringify(shown)).not.toMatch(/@|\+358|40 ?111 ?2222|Turku/);
		// Email and phone are not searched at the door either.
		expect(await searchAtDoor(database.db, staff, ev.id, 'seed')).toEqual([]);
		const audits = await auditFor(database.db, 'attendees.viewed', ev.id);
		expect(audits.map((a) => [a.count, a.details])).toEqual([
			[2, { view: 'door' }],
			[0, { view: 'door' }]
		]);
	});

	it('checks in once however many phones tap, and undoes with a reason', async () => {
		const ev = await makeEvent(database.db);
		const [arriving, waiting] = await seedRegistrants(database.db, ev, [
			{ firstName: 'Tiina', lastName: 'Tulija' },
			{ firstName: 'Jussi', lastName: 'Jonottaja', status: 'waitlisted' }
		]);
		const at = new Date('2026-06-01T09:00:00Z');
		expect(await checkIn(database.db, staff, ev.id, arriving!.id, at)).toEqual({
			ok: true,
			changed: true,
			checkedInAt: at
		});
		expect(await checkIn(database.db, staff, ev.id, arriving!.id)).toEqual({
			ok: true,
			changed: false,
			checkedInAt: at
		});
		// The arrival is in the ledger once: a second tap online is answered "already", not kept.
		const ledger = await database.db
			.select()
			.from(checkInLedger)
			.where(eq(checkInLedger.registrationId, arriving!.id));
		expect(ledger.map((row) => [row.source, row.outcome, row.staffUserId, row.at])).toEqual([
			['search', 'accepted', staff.id, at]
		]);
		const [row] = await database.db
			.select()
			.from(registration)
			.where(eq(registration.id, arriving!.id));
		expect(row?.checkedInAt?.toISOString()).toBe(at.toISOString());
		expect((await searchAtDoor(database.db, staff, ev.id, 'tiina'))![0]?.checkedIn).toBe(true);
		expect((await countAttendees(database.db, ev.id))?.checkedIn).toBe(1);

		expect(await checkIn(database.db, staff, ev.id, waiting!.id)).toEqual({
			ok: false,
			reason: 'not_confirmed'
		});
		const elsewhere = await makeEvent(database.db);
		expect(await checkIn(database.db, staff, elsewhere.id, arriving!.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await checkIn(database.db, staff, ev.id, 'not-a-uuid')).toEqual({
			ok: false,
			reason: 'not_found'
		});

		expect(await undoCheckIn(database.db, staff, ev.id, arriving!.id, 'wrong_person')).toEqual({
			ok: true,
			changed: true,
			checkedInAt: null
		});
		expect(await undoCheckIn(database.db, staff, ev.id, arriving!.id, 'mistake')).toEqual({
			ok: true,
			changed: false,
			checkedInAt: null
		});
		expect((await searchAtDoor(database.db, staff, ev.id, 'tiina'))![0]?.checkedIn).toBe(false);

		const checkedIn = await auditFor(database.db, 'registration.checked_in', arriving!.id);
		expect(checkedIn.map((a) => [a.actorId, a.details])).toEqual([[staff.id, { eventId: ev.id }]]);
		const undone = await auditFor(database.db, 'registration.check_in_undone', arriving!.id);
		expect(undone.map((a) => a.details)).toEqual([{ eventId: ev.id, reason: 'wrong_person' }]);
	});

	it('opens the door view to a door account only for events starting today', async () => {
		const now = new Date();
		const today = await makeEvent(database.db, {
			// Starting right now is "today" at any hour, even a minute before midnight.
			startsAt: now,
			endsAt: new Date(now.getTime() + 3 * HOUR_MS)
		});
		const nextWeek = await makeEvent(database.db);
		expect(await openDoor(database.db, 'door', today.id, now)).toMatchObject({
			ok: true,
			event: { id: today.id }
		});
		expect(await openDoor(database.db, 'door', nextWeek.id, now)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await openDoor(database.db, 'staff', nextWeek.id, now)).toMatchObject({ ok: true });
		expect(await openDoor(database.db, 'admin', 'nope', now)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await openDoor(database.db, 'staff', '00000000-0000-4000-8000-000000000000', now)
		).toEqual({ ok: false, reason: 'not_found' });
	});
});
