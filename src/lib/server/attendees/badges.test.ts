import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { listForBadges } from './badges';
import { auditFor, makeStaff, seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';

describe.each(DATABASE_KINDS)('name badges on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(() => database.close());

	it('lists confirmed people by name, split by arrival, with nothing but name and organisation', async () => {
		const staff = await makeStaff(database.db);
		const ev = await makeEvent(database.db);
		await seedRegistrants(database.db, ev, [
			{ firstName: 'Ville', lastName: 'Öhman', phone: '+358401234567', city: 'Turku' },
			{ firstName: 'Aino', lastName: 'Aalto', checkedInAt: new Date() },
			{ firstName: 'Sami', lastName: 'Salo', status: 'waitlisted' },
			{ firstName: 'Kalle', lastName: 'Kallio', status: 'cancelled' }
		]);
		const names = async (who: 'confirmed' | 'not_arrived' | 'arrived') =>
			(await listForBadges(database.db, staff, ev.id, { who, layout: 'a4-70x37' })).map(
				(row) => row.lastName
			);
		expect(await names('confirmed')).toEqual(['Aalto', 'Öhman']);
		expect(await names('not_arrived')).toEqual(['Öhman']);
		expect(await names('arrived')).toEqual(['Aalto']);

		const [row] = await listForBadges(database.db, staff, ev.id, {
			who: 'not_arrived',
			layout: 'roll-62x100'
		});
		expect(Object.keys(row!).sort()).toEqual(['firstName', 'id', 'lastName', 'organisation']);

		const printed = await auditFor(database.db, 'attendees.printed', ev.id);
		expect(printed.map((a) => [a.actorId, a.count, a.details])).toEqual([
			[staff.id, 2, { view: 'badges', layout: 'a4-70x37', who: 'confirmed' }],
			[staff.id, 1, { view: 'badges', layout: 'a4-70x37', who: 'not_arrived' }],
			[staff.id, 1, { view: 'badges', layout: 'a4-70x37', who: 'arrived' }],
			[staff.id, 1, { view: 'badges', layout: 'roll-62x100', who: 'not_arrived' }]
		]);
	});
});
