import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { checkIn, contactPerson, organisation, staffUser } from '../db/schema';
import { formatTicketCode } from '../tickets/code';
import { scanTicket } from './scan';
import { auditFor, makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { seedTicketed } from '$tests/door';
import { makeEvent } from '$tests/factories';

const HOUR_MS = 3_600_000;

describe.each(DATABASE_KINDS)('scanning tickets at the door on %s', (kind) => {
	let database: Database;
	let door: { id: string; role: 'door' };
	let staff: { id: string; role: 'staff' };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		door = { id: (await makeStaff(database.db, 'door')).id, role: 'door' };
		staff = { id: (await makeStaff(database.db, 'staff')).id, role: 'staff' };
	});
	afterAll(async () => {
		await database?.close();
	});

	it('answers every kind of ticket, naming only this event’s people', async () => {
		const now = new Date();
		const ev = await makeEvent(database.db, {
			startsAt: now,
			endsAt: new Date(now.getTime() + 3 * HOUR_MS)
		});
		const other = await makeEvent(database.db);
		const [tiina, jussi, olli, keijo] = await seedTicketed(database.db, ev, [
			{ firstName: 'Tiina', lastName: 'Tulija', phone: '+358401112222' },
			{ firstName: 'Jussi', lastName: 'Jonottaja', status: 'waitlisted' },
			{
				firstName: 'Olli',
				lastName: 'Odottaja',
				status: 'waitlisted',
				offerExpiresAt: new Date(now.getTime() + HOUR_MS)
			},
			{ firstName: 'Keijo', lastName: 'Peruja', status: 'cancelled' }
		]);
		const [elsewhere] = await seedTicketed(database.db, other, [
			{ firstName: 'Muu', lastName: 'Tapahtuma' }
		]);
		const [org] = await database.db
			.insert(organisation)
			.values({ name: 'Kuljetus Oy' })
			.returning();
		await database.db.insert(contactPerson).values({
			personId: tiina!.registration.personId,
			organisationId: org!.id,
			firstName: 'Tiina',
			lastName: 'Tulija',
			source: 'manual',
			basis: 'customer_relationship'
		});
		const scan = (actor: typeof door | typeof staff, code: string) =>
			scanTicket(database.db, actor, ev.id, code, 'device-1', now);

		expect(await scan(door, 'not a ticket')).toEqual({ outcome: 'invalid' });
		expect(await scan(door, '0'.repeat(26))).toEqual({ outcome: 'unknown' });
		// Typed from the printed groups, in lower case: the same ticket.
		const first = await scan(door, formatTicketCode(tiina!.code).toLowerCase());
		expect(first).toEqual({
			outcome: 'checked_in',
			registrationId: tiina!.registration.id,
			name: 'Tiina Tulija',
			organisation: 'Kuljetus Oy',
			checkedInAt: now.toISOString()
		});
		// The phone as written or stored, not "358": ids are random, which may hold it.
		expect(JSON.stringify(first)).not.toMatch(/\+358|40 ?111 ?2222|@/);
		const [self] = await database.db.select().from(staffUser).where(eq(staffUser.id, door.id));
		expect(await scan(staff, tiina!.code)).toEqual({
			...first,
			outcome: 'already',
			checkedInBy: self!.displayName
		});
		// The door role's search shows confirmed people only: a waiting ticket says so, unnamed.
		expect(await scan(door, jussi!.code)).toEqual({
			outcome: 'waitlisted',
			registrationId: jussi!.registration.id
		});
		expect(await scan(door, olli!.code)).toEqual({
			outcome: 'offer_pending',
			registrationId: olli!.registration.id
		});
		expect(await scan(staff, jussi!.code)).toMatchObject({
			outcome: 'waitlisted',
			name: 'Jussi Jonottaja'
		});
		expect(await scan(staff, olli!.code)).toMatchObject({
			outcome: 'offer_pending',
			name: 'Olli Odottaja'
		});
		expect(await scan(door, keijo!.code)).toEqual({ outcome: 'cancelled' });
		// Another event's ticket: no name; its title only to an account that may open its door.
		expect(await scan(door, elsewhere!.code)).toEqual({ outcome: 'wrong_event' });
		expect(await scan(staff, elsewhere!.code)).toEqual({
			outcome: 'wrong_event',
			eventTitle: other.titleFi
		});

		const ledger = await database.db.select().from(checkIn).where(eq(checkIn.eventId, ev.id));
		expect(
			ledger.map((row) => [row.registrationId, row.source, row.outcome, row.deviceId])
		).toEqual([[tiina!.registration.id, 'scan', 'accepted', 'device-1']]);
		const audits = await auditFor(database.db, 'registration.checked_in', tiina!.registration.id);
		expect(audits.map((a) => [a.actorId, a.details])).toEqual([
			[door.id, { eventId: ev.id, source: 'scan' }]
		]);
		// 'already' and the staff account's 'waitlisted' and 'offer_pending' showed a name without
		// checking anyone in; the door role's unnamed answers are no view.
		const viewed = await auditFor(database.db, 'attendees.viewed', ev.id);
		expect(viewed.map((a) => [a.count, a.details])).toEqual(
			Array(3).fill([1, { view: 'door-scan' }])
		);
	});

	it('checks one ticket in once when two devices scan it at the same moment', async () => {
		const ev = await makeEvent(database.db);
		const [arriving] = await seedTicketed(database.db, ev, [
			{ firstName: 'Sama', lastName: 'Aikaan' }
		]);
		const answers = await Promise.all(
			['device-a', 'device-b'].map((device) =>
				scanTicket(database.db, staff, ev.id, arriving!.code, device)
			)
		);
		expect(answers.map((a) => a.outcome).sort()).toEqual(['already', 'checked_in']);
		const ledger = await database.db
			.select()
			.from(checkIn)
			.where(eq(checkIn.registrationId, arriving!.registration.id));
		expect(ledger.map((row) => row.outcome)).toEqual(['accepted']);
	});
});
