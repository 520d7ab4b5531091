import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import {
	contactPerson,
	organisation,
	personAlias,
	registration,
	type Event,
	type NewContactPerson
} from '../db/schema';
import { listAttendees } from '../attendees';
import { auditFor } from '$tests/attendees';
import {
	createContactFromRegistration,
	createContactWithOrganisation,
	dismissRegistrant,
	linkRegistration,
	undismissRegistrant,
	unlinkRegistration
} from './linking';
import { personKeysOf } from '../person/keys';
import { suggestContacts } from './suggestions';
import { countUnlinked, listUnlinked, openLinking } from './unlinked';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup } from '$tests/factories';
import * as fixtures from '$tests/contacts-fixtures';

describe.each(DATABASE_KINDS)('linking registrants to contacts on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	// Each sign-up is for an event of its own unless one is given; contacts are Ville Kontakti
	// without an email unless told otherwise.
	const signUp = async (data: Parameters<typeof makeSignup>[0] = {}, ev?: Event) =>
		fixtures.signUp(database.db, ev ?? (await makeEvent(database.db)), data);
	const makeContact = (values: Partial<NewContactPerson>) =>
		fixtures.makeContact(database.db, {
			firstName: 'Ville',
			lastName: 'Kontakti',
			email: null,
			...values
		});
	const makeOrganisation = (name: string, emailDomain: string | null = null) =>
		fixtures.makeOrganisation(database.db, { name, emailDomain });

	it('turns a registrant into a contact at a new organisation by copying, and links their later registrations', async () => {
		const first = await signUp({
			firstName: 'Eero',
			lastName: 'Esimerkki',
			email: 'eero@kuljetus-esim.fi',
			phone: '0401234567'
		});
		const before = { ...first };
		const result = await createContactWithOrganisation(database.db, staff, {
			registrationId: first.id,
			organisationName: 'Kuljetus Esimerkki Oy',
			businessId: '0112038-9',
			title: 'Ajojärjestelijä',
			basis: 'customer_relationship'
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;

		const [contact] = await database.db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.id, result.contactId));
		expect(contact).toMatchObject({
			personId: first.personId,
			firstName: 'Eero',
			lastName: 'Esimerkki',
			email: 'eero@kuljetus-esim.fi',
			phone: '+358401234567',
			title: 'Ajojärjestelijä',
			source: 'registration',
			basis: 'customer_relationship',
			fromRegistrationId: first.id,
			organisationId: result.organisationId
		});
		const [org] = await database.db
			.select()
			.from(organisation)
			.where(eq(organisation.id, result.organisationId));
		expect(org).toMatchObject({ businessId: '0112038-9', emailDomain: 'kuljetus-esim.fi' });

		// Copied, not moved: the registration row is exactly as it was.
		const [after] = await database.db
			.select()
			.from(registration)
			.where(eq(registration.id, first.id));
		expect(after).toEqual(before);
		expect(
			await auditFor(database.db, 'contact.created_from_registration', result.contactId)
		).toHaveLength(1);

		// Same email later: the same person key, so the new registration arrives linked.
		const again = await signUp({
			firstName: 'Eero',
			lastName: 'Esimerkki',
			email: 'eero@kuljetus-esim.fi'
		});
		expect(again.personId).toBe(first.personId);
		const page = await listAttendees(database.db, staff, again.eventId);
		expect(page.rows[0]).toMatchObject({
			contactId: result.contactId,
			organisation: 'Kuljetus Esimerkki Oy'
		});

		// Turning them into a contact twice is refused.
		expect(
			await createContactFromRegistration(database.db, staff, {
				registrationId: again.id,
				organisationId: result.organisationId,
				title: '',
				basis: 'consent'
			})
		).toEqual({ ok: false, reason: 'already_contact' });
	});

	it('refuses an invalid or taken y-tunnus and writes nothing', async () => {
		const reg = await signUp({ firstName: 'Y', lastName: 'Tunnus' });
		const count = async () => (await database.db.select().from(organisation)).length;
		const before = await count();
		expect(
			await createContactWithOrganisation(database.db, staff, {
				registrationId: reg.id,
				organisationName: 'Väärä Oy',
				businessId: '0112038-8',
				title: '',
				basis: 'consent'
			})
		).toEqual({ ok: false, reason: 'businessIdInvalid' });
		await makeOrganisation('Varattu Oy').then((o) =>
			database.db
				.update(organisation)
				.set({ businessId: '1572860-0' })
				.where(eq(organisation.id, o.id))
		);
		expect(
			await createContactWithOrganisation(database.db, staff, {
				registrationId: reg.id,
				organisationName: 'Toinen Oy',
				businessId: '1572860-0',
				title: '',
				basis: 'consent'
			})
		).toEqual({ ok: false, reason: 'businessIdTaken' });
		expect(await count()).toBe(before + 1);
		const rows = await database.db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.personId, reg.personId));
		expect(rows).toHaveLength(0);
	});

	it('ranks suggestions: email, then phone, then name at the work domain, then similar names', async () => {
		const domain = `ranking-${kind}.fi`;
		const org = await makeOrganisation('Ranking Oy', domain);
		const byEmail = await makeContact({
			firstName: 'Muu',
			lastName: 'Nimi',
			email: `liisa@${domain}`
		});
		const byPhone = await makeContact({
			firstName: 'Toinen',
			lastName: 'Henkilö',
			phone: '+358409998877'
		});
		const byDomain = await makeContact({
			firstName: 'Liisa',
			lastName: 'Laaksonen',
			organisationId: org.id
		});
		const bySimilar = await makeContact({ firstName: 'Liisa', lastName: 'Laaksone' });
		await makeContact({ firstName: 'Pertti', lastName: 'Puuttuva' });

		const suggestions = await suggestContacts(database.db, {
			firstName: 'Liisa',
			lastName: 'Laaksonen',
			emailNormalised: `liisa@${domain}`,
			phone: '+358409998877'
		});
		expect(suggestions.map((s) => s.contactId)).toEqual([
			byEmail.id,
			byPhone.id,
			byDomain.id,
			bySimilar.id
		]);
		expect(suggestions[0]!.reasons).toEqual(['email']);
		expect(suggestions[2]!.reasons).toEqual(['name_domain', 'similar_name']);
		expect(suggestions[3]!.reasons).toEqual(['similar_name']);
		expect(suggestions[3]!.nameSimilarity).toBeGreaterThan(0.6);
	});

	it('never matches names on a free-mail domain', async () => {
		const org = await makeOrganisation('Gmail-käyttäjät Oy', 'gmail.com');
		await makeContact({ firstName: 'Sanni', lastName: 'Sattuma', organisationId: org.id });
		const [top] = await suggestContacts(database.db, {
			firstName: 'Sanni',
			lastName: 'Sattuma',
			emailNormalised: 'sanni.sattuma@gmail.com',
			phone: null
		});
		expect(top?.reasons).toEqual(['similar_name']);
	});

	it('links a registrant to an existing contact, undoes it, and keeps the registration', async () => {
		const contact = await makeContact({
			firstName: 'Olli',
			lastName: 'Olemassa',
			email: 'olli@firma-olemassa.fi'
		});
		const reg = await signUp({
			firstName: 'Olli',
			lastName: 'Olemassa',
			email: 'olli.olemassa@gmail.com'
		});
		expect(
			(await listUnlinked(database.db, staff, { eventId: reg.eventId })).rows.map(
				(r) => r.registrationId
			)
		).toEqual([reg.id]);

		expect(
			await linkRegistration(database.db, staff, { registrationId: reg.id, contactId: contact.id })
		).toEqual({ ok: true, contactId: contact.id });
		expect(await personKeysOf(database.db, contact.personId)).toEqual(
			expect.arrayContaining([contact.personId, reg.personId])
		);
		expect((await listUnlinked(database.db, staff, { eventId: reg.eventId })).rows).toHaveLength(0);
		expect((await openLinking(database.db, staff, reg.id))?.contact?.id).toBe(contact.id);
		expect(
			await linkRegistration(database.db, staff, { registrationId: reg.id, contactId: contact.id })
		).toEqual({ ok: false, reason: 'already_linked' });
		const other = await makeContact({ firstName: 'Olli', lastName: 'Toinen' });
		expect(
			await linkRegistration(database.db, staff, { registrationId: reg.id, contactId: other.id })
		).toEqual({ ok: false, reason: 'linked_elsewhere' });

		expect(await unlinkRegistration(database.db, staff, reg.id)).toBe('unlinked');
		expect(await unlinkRegistration(database.db, staff, reg.id)).toBe('not_linked');
		const [kept] = await database.db.select().from(registration).where(eq(registration.id, reg.id));
		expect(kept).toEqual(reg);
		expect(
			await database.db.select().from(personAlias).where(eq(personAlias.personId, reg.personId))
		).toHaveLength(0);
		expect(await auditFor(database.db, 'contact.linked', contact.id)).toHaveLength(1);
		expect(await auditFor(database.db, 'contact.unlinked', contact.id)).toHaveLength(1);
	});

	it("refuses to link a contact's own registrations to another contact, or unknown ids", async () => {
		const reg = await signUp({ firstName: 'Kaisa', lastName: 'Kontakti' });
		const made = await createContactWithOrganisation(database.db, staff, {
			registrationId: reg.id,
			organisationName: 'Kaisan Kuljetus',
			businessId: '',
			title: '',
			basis: 'legitimate_interest'
		});
		expect(made.ok).toBe(true);
		const other = await makeContact({ firstName: 'Kaisa', lastName: 'Muu' });
		expect(
			await linkRegistration(database.db, staff, { registrationId: reg.id, contactId: other.id })
		).toEqual({ ok: false, reason: 'is_contact' });
		expect(
			await linkRegistration(database.db, staff, { registrationId: reg.id, contactId: 'nope' })
		).toEqual({ ok: false, reason: 'contact_not_found' });
		expect(
			await linkRegistration(database.db, staff, { registrationId: 'nope', contactId: other.id })
		).toEqual({ ok: false, reason: 'not_found' });
	});

	it('dismisses a registrant from the queue and brings them back', async () => {
		const ev = await makeEvent(database.db);
		const reg = await signUp({ firstName: 'Yksityinen', lastName: 'Ihminen' }, ev);
		const before = await countUnlinked(database.db);
		expect(await dismissRegistrant(database.db, staff, reg.id)).toBe('dismissed');
		expect(await countUnlinked(database.db)).toBe(before - 1);
		expect((await openLinking(database.db, staff, reg.id))?.dismissed).toBe(true);
		expect(await undismissRegistrant(database.db, staff, reg.id)).toBe('restored');
		expect(await countUnlinked(database.db)).toBe(before);
		expect(await auditFor(database.db, 'registrant.dismissed', reg.id)).toHaveLength(1);
	});

	it('shows one queue row per person with their best suggestions', async () => {
		const ev1 = await makeEvent(database.db);
		const ev2 = await makeEvent(database.db);
		const contact = await makeContact({
			firstName: 'Jonna',
			lastName: 'Jonottaja',
			phone: '+358401112233'
		});
		await signUp(
			{ firstName: 'Jonna', lastName: 'Jonottaja', email: 'jonna@example.fi', phone: '0401112233' },
			ev1
		);
		const latest = await signUp(
			{ firstName: 'Jonna', lastName: 'Jonottaja', email: 'jonna@example.fi', phone: '0401112233' },
			ev2
		);
		const page = await listUnlinked(database.db, staff);
		const rows = page.rows.filter((row) => row.personId === latest.personId);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ registrationId: latest.id, registrations: 2 });
		expect(rows[0]!.suggestions[0]).toMatchObject({
			contactId: contact.id,
			reasons: ['phone', 'similar_name']
		});
	});
});
