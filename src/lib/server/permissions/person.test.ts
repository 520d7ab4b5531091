import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { linkRegistration } from '../contacts/linking';
import { describePerson } from './person';
import { makeContact, makePeople, makeRegistrant } from '$tests/permissions';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';

describe.each(DATABASE_KINDS)('describing a person for the permission pages on %s', (kind) => {
	let database: Database;
	let staff: { id: string; displayName: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	it('finds nobody under an unknown key or under something that is not a key', async () => {
		expect(await describePerson(database.db, crypto.randomUUID())).toBeNull();
		expect(await describePerson(database.db, 'not-a-uuid')).toBeNull();
		expect(await describePerson(database.db, "1' OR '1'='1")).toBeNull();
	});

	it('knows a person with neither a contact record nor a registration only by their key', async () => {
		const [personId] = await makePeople(database.db, 1);
		expect(await describePerson(database.db, personId!)).toEqual({
			personId,
			contactId: null,
			firstName: null,
			lastName: null,
			email: null,
			organisation: null
		});
	});

	it('names a registrant after their latest registration', async () => {
		const ev = await makeEvent(database.db);
		const first = await makeRegistrant(database.db, ev, { firstName: 'Vanha', lastName: 'Nimi' });
		await new Promise((resolve) => setTimeout(resolve, 5));
		const later = await makeRegistrant(database.db, await makeEvent(database.db), {
			personId: first.personId,
			firstName: 'Uusi',
			lastName: 'Nimi'
		});
		expect(await describePerson(database.db, first.personId)).toMatchObject({
			personId: first.personId,
			contactId: null,
			firstName: 'Uusi',
			lastName: 'Nimi',
			email: later.email
		});
	});

	it('follows a linked registrant to the contact, named as the register has them', async () => {
		const ev = await makeEvent(database.db);
		const reg = await makeRegistrant(database.db, ev, { firstName: 'Reko', lastName: 'Rekkari' });
		const contact = await makeContact(database.db, {
			firstName: 'Reijo',
			lastName: 'Rekkari',
			email: null
		});
		const linked = await linkRegistration(database.db, staff, {
			registrationId: reg.id,
			contactId: contact.id
		});
		expect(linked.ok).toBe(true);

		const described = await describePerson(database.db, reg.personId);
		expect(described).toEqual({
			personId: contact.personId,
			contactId: contact.id,
			firstName: 'Reijo',
			lastName: 'Rekkari',
			// The contact has no address: the one they signed up with is still theirs.
			email: reg.email,
			organisation: null
		});
		expect(await describePerson(database.db, contact.personId)).toEqual(described);
	});
});
