import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { requestEmailConsent } from '../permissions';
import { findSubjects, subjectsOfPerson } from './subjects';
import { seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makePeople } from '$tests/permissions';

// One search for every record of a person, used by the audit log's person filter and by
// data-subject requests alike. Each lacked a reach the other had: the audit filter missed people
// known only by a consent request, a request could not start from a record id.
describe.each(DATABASE_KINDS)('every record of a person on %s', (kind) => {
	let database: Database;
	let piaRegistration: string;
	let piaKey: string;
	let umaKey: string;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const ev = await makeEvent(database.db);
		const [pia] = await seedRegistrants(database.db, ev, [
			{ firstName: 'Pia', lastName: 'Pihlaja', email: 'pia@example.fi', phone: '+358401234567' }
		]);
		piaRegistration = pia!.id;
		piaKey = pia!.personId;
		// Uma ticked "news by email" on a form and never confirmed: her only record is the request.
		umaKey = (await makePeople(database.db, 1))[0]!;
		await requestEmailConsent(database.db, {
			personId: umaKey,
			email: 'uma@example.fi',
			locale: 'fi',
			context: { origin: ORIGIN, organizer: ORGANIZER }
		});
	});
	afterAll(() => database.close());

	it('finds a person known only by a consent request from the audit filter', async () => {
		const found = await subjectsOfPerson(database.db, '  UMA@example.fi ');
		expect(found).toMatchObject({ kind: 'email', people: [umaKey], personKeys: [umaKey] });
	});

	it('starts a request from a record id and reaches the whole person', async () => {
		const found = await findSubjects(database.db, { recordId: piaRegistration });
		expect(found.people).toEqual([piaKey]);
		expect(found.registrationIds).toEqual([piaRegistration]);
		expect(await findSubjects(database.db, { phone: '040 123 4567' })).toMatchObject({
			people: [piaKey],
			registrationIds: [piaRegistration]
		});
	});

	it('keeps an id that names no record any more, so an erased trail is still found', async () => {
		const gone = '00000000-0000-4000-8000-00000000abcd';
		const found = await subjectsOfPerson(database.db, gone.toUpperCase());
		expect(found).toMatchObject({ kind: 'id', people: [] });
		expect(found.registrationIds).toEqual([gone]);
		expect(found.contactIds).toEqual([gone]);
	});

	it('reads text that is neither an address, a number nor an id as nothing', async () => {
		expect(await subjectsOfPerson(database.db, 'Pia Pihlaja')).toMatchObject({
			kind: 'unrecognised',
			people: [],
			registrationIds: []
		});
	});
});
