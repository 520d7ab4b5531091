import { beforeAll, describe, expect, it } from 'vitest';
import { openStaffScene } from '$tests/scene';
import { contactData, organisationData } from '$tests/contacts-fixtures';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { ContactData } from '../../schemas/contacts';
import type { Database } from '../db';
import {
	auditEvent,
	contactPerson,
	person,
	personAlias,
	registration,
	type Event
} from '../db/schema';
import { auditFor, explain, seedRegistrants } from '$tests/attendees';
import {
	archiveContact,
	createContact,
	getContact,
	restoreContact,
	searchContacts,
	updateContact
} from './contacts';
import { contactSearchCondition } from './contact-search';
import { createOrganisation } from './organisations';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';

const DAY_MS = 86_400_000;

describe.each(DATABASE_KINDS)('contact persons on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	let orgId: string;
	openStaffScene(kind, (scene) => ({ database, staff } = scene));
	beforeAll(async () => {
		const org = await createOrganisation(
			database.db,
			staff,
			organisationData({ name: 'Wetteri Kuljetus Oy', city: 'Turku', customerStatus: 'current' })
		);
		if (!org.ok) throw new Error('organisation not created');
		orgId = org.id;
	});

	const create = async (overrides: Partial<ContactData> = {}) => {
		const result = await createContact(database.db, staff, contactData(overrides));
		if (!result.ok) throw new Error(`not created: ${result.error}`);
		return result.id;
	};
	const row = async (id: string) =>
		(await database.db.select().from(contactPerson).where(eq(contactPerson.id, id)))[0]!;

	it('creates a manual contact with a person key of its own, E.164 phone and normalised email', async () => {
		const id = await create({
			firstName: ' Eero ',
			email: 'Eero.Virtanen@Wetteri.FI',
			phone: '040 123 4567',
			title: 'Kalustopäällikkö',
			organisationId: orgId,
			basis: 'legitimate_interest'
		});
		const stored = await row(id);
		expect(stored).toMatchObject({
			firstName: 'Eero',
			email: 'Eero.Virtanen@Wetteri.FI',
			emailNormalised: 'eero.virtanen@wetteri.fi',
			phone: '+358401234567',
			title: 'Kalustopäällikkö',
			organisationId: orgId,
			source: 'manual',
			basis: 'legitimate_interest',
			createdBy: staff.id,
			fromRegistrationId: null,
			noticeSentAt: null
		});
		const [key] = await database.db.select().from(person).where(eq(person.id, stored.personId));
		expect(key).toBeDefined();
		const [created] = await auditFor(database.db, 'contact.created', id);
		expect(created!.details).toEqual({
			source: 'manual',
			basis: 'legitimate_interest',
			organisation: orgId
		});
		// A second contact gets a key of its own.
		expect((await row(await create())).personId).not.toBe(stored.personId);
	});

	it('refuses a phone number that is not one and an organisation that does not exist', async () => {
		expect(await createContact(database.db, staff, contactData({ phone: '12' }))).toEqual({
			ok: false,
			field: 'phone',
			error: 'phoneInvalid'
		});
		expect(
			await createContact(database.db, staff, contactData({ organisationId: crypto.randomUUID() }))
		).toEqual({ ok: false, field: 'organisationId', error: 'required' });
	});

	it('updates and audits the names of the changed fields; a merged-away contact is not edited', async () => {
		const id = await create({ email: 'vanha@example.fi' });
		expect(
			await updateContact(
				database.db,
				staff,
				id,
				contactData({ email: 'UUSI@example.fi', organisationId: orgId })
			)
		).toEqual({ ok: true, id });
		expect(await row(id)).toMatchObject({
			email: 'UUSI@example.fi',
			emailNormalised: 'uusi@example.fi',
			organisationId: orgId
		});
		const [updated] = await auditFor(database.db, 'contact.updated', id);
		expect(updated!.details).toEqual({ fields: ['email', 'emailNormalised', 'organisationId'] });

		const survivor = await create();
		await database.db
			.update(contactPerson)
			.set({ mergedIntoId: survivor })
			.where(eq(contactPerson.id, id));
		expect(await updateContact(database.db, staff, id, contactData())).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await archiveContact(database.db, staff, id)).toBe('not_found');
	});

	describe('search', () => {
		let ids: Record<string, string>;
		beforeAll(async () => {
			const other = await createOrganisation(
				database.db,
				staff,
				organisationData({ name: 'Öljy-Äijälä Oy' })
			);
			if (!other.ok) throw new Error('organisation not created');
			ids = {
				ohman: await create({
					firstName: 'Ööpiä',
					lastName: 'ÖHMAN',
					email: 'oopia.ohman@hakutesti.fi',
					phone: '+358 50 999 8877'
				}),
				aijala: await create({
					firstName: 'Ärjy',
					lastName: 'Äijälä',
					organisationId: other.id
				})
			};
		});
		const found = async (q: string) =>
			(await searchContacts(database.db, staff, { q })).rows.map((r) => r.id);

		it('finds by first name, last name, email and phone, with case and accents folded', async () => {
			expect(await found('ööpiä')).toEqual([ids.ohman]);
			expect(await found('ÖÖP')).toEqual([ids.ohman]);
			expect(await found('öhman')).toEqual([ids.ohman]);
			expect(await found('öhman ööpiä')).toEqual([ids.ohman]);
			expect(await found('OOPIA.OHMAN@hakut')).toEqual([ids.ohman]);
			expect(await found('050 999 88')).toEqual([ids.ohman]);
			expect(await found('+35850999')).toEqual([ids.ohman]);
			// Typed without the dots, as on a keyboard without ö.
			expect(await found('ohman')).toEqual([ids.ohman]);
			expect(await found('oopia.ohm')).toEqual([ids.ohman]);
		});

		it("finds by the organisation's name, alone or with the person's", async () => {
			expect(await found('öljy')).toEqual([ids.aijala]);
			expect(await found('ÖLJY-ÄIJÄLÄ OY')).toEqual([ids.aijala]);
			expect(await found('ärjy öljy')).toEqual([ids.aijala]);
			const page = await searchContacts(database.db, staff, { q: 'ärjy' });
			expect(page.rows[0]!.organisation).toMatchObject({ name: 'Öljy-Äijälä Oy' });
		});

		it('audits the listing with its count and never the search text', async () => {
			const [last] = await database.db
				.select({ id: auditEvent.id })
				.from(auditEvent)
				.orderBy(desc(auditEvent.id))
				.limit(1);
			await searchContacts(database.db, staff, { q: 'ööpiä' });
			const added = await database.db.select().from(auditEvent).where(gt(auditEvent.id, last!.id));
			expect(added).toHaveLength(1);
			expect(added[0]).toMatchObject({
				action: 'contacts.listed',
				count: 1,
				details: { continued: false, includeArchived: false, searched: true }
			});
		});
		it('searches every field from indexes, without a scan of either table', async () => {
			for (const q of ['ööpiä', 'ärjy öljy', 'öljy-äijälä oy', 'oopia@hakutesti', '050 999']) {
				const plan = await explain(
					database.db,
					database.db
						.select({ id: contactPerson.id })
						.from(contactPerson)
						.where(and(isNull(contactPerson.mergedIntoId), contactSearchCondition(database.db, q)))
				);
				expect(plan, q).not.toContain('Seq Scan');
			}
		});
	});

	it('archives: gone from the default list, listed when asked for, restorable', async () => {
		const id = await create({ lastName: 'Arkistonen' });
		expect(await archiveContact(database.db, staff, id)).toBe('archived');
		expect(await archiveContact(database.db, staff, id)).toBe('unchanged');
		const listed = (includeArchived: boolean) =>
			searchContacts(database.db, staff, { q: 'arkistonen', includeArchived }).then((p) =>
				p.rows.map((r) => r.id)
			);
		expect(await listed(false)).toEqual([]);
		expect(await listed(true)).toEqual([id]);
		expect(await restoreContact(database.db, staff, id)).toBe('restored');
		expect(await listed(false)).toEqual([id]);
		expect(await auditFor(database.db, 'contact.archived', id)).toHaveLength(1);
		expect(await auditFor(database.db, 'contact.restored', id)).toHaveLength(1);
	});

	describe('a contact page', () => {
		let earlier: Event;
		let later: Event;
		beforeAll(async () => {
			earlier = await makeEvent(database.db, { startsAt: new Date(Date.now() + 3 * DAY_MS) });
			later = await makeEvent(database.db, {
				startsAt: new Date(Date.now() + 20 * DAY_MS),
				endsAt: new Date(Date.now() + 20 * DAY_MS + 3_600_000)
			});
		});

		it('lists registrations under the own key and through a link alias, newest event first', async () => {
			const id = await create({ lastName: 'Linkitetty', organisationId: orgId });
			const contact = await row(id);
			// A registration made under the contact's own key …
			const [ownRegistration] = await seedRegistrants(database.db, earlier, [
				{ firstName: 'Testi', lastName: 'Linkitetty' }
			]);
			await database.db
				.update(registration)
				.set({ personId: contact.personId })
				.where(eq(registration.id, ownRegistration!.id));
			// … and a registrant linked to the contact by staff.
			const [linked] = await seedRegistrants(database.db, later, [
				{ firstName: 'Testi', lastName: 'Linkitetty', status: 'waitlisted' }
			]);
			await database.db.insert(personAlias).values({
				personId: linked!.personId,
				canonicalId: contact.personId,
				reason: 'link',
				createdBy: staff.id
			});
			// Someone else's registration is not theirs.
			await seedRegistrants(database.db, later, [{ firstName: 'Muu', lastName: 'Ihminen' }]);

			const result = await getContact(database.db, staff, id);
			expect(result.kind).toBe('found');
			if (result.kind !== 'found') return;
			expect(result.view.organisation).toEqual({
				id: orgId,
				name: 'Wetteri Kuljetus Oy',
				archived: false
			});
			expect(
				result.view.events.map((e) => [e.registrationId, e.eventId, e.status, e.linked])
			).toEqual([
				[linked!.id, later.id, 'waitlisted', true],
				[ownRegistration!.id, earlier.id, 'confirmed', false]
			]);
			const [viewed] = await auditFor(database.db, 'contact.viewed', id);
			expect(viewed).toMatchObject({ count: 1, details: { view: 'page', events: 2 } });
		});

		it('says which registration it was created from', async () => {
			const [source] = await seedRegistrants(database.db, earlier, [
				{ firstName: 'Lähde', lastName: 'Rekisteröity' }
			]);
			const id = await create({ lastName: 'Rekisteröity' });
			await database.db
				.update(contactPerson)
				.set({ fromRegistrationId: source!.id, source: 'registration' })
				.where(eq(contactPerson.id, id));
			const result = await getContact(database.db, staff, id);
			if (result.kind !== 'found') throw new Error('not found');
			expect(result.view.fromRegistration).toEqual({
				id: source!.id,
				eventId: earlier.id,
				titleFi: earlier.titleFi,
				titleEn: earlier.titleEn
			});
		});

		it('sends a merged-away contact on to the survivor, through a chain of merges', async () => {
			const first = await create();
			const middle = await create();
			const survivor = await create();
			await database.db
				.update(contactPerson)
				.set({ mergedIntoId: middle })
				.where(eq(contactPerson.id, first));
			await database.db
				.update(contactPerson)
				.set({ mergedIntoId: survivor })
				.where(eq(contactPerson.id, middle));
			expect(await getContact(database.db, staff, first)).toEqual({
				kind: 'merged',
				survivorId: survivor
			});
			expect((await searchContacts(database.db, staff, {})).rows.map((r) => r.id)).not.toContain(
				first
			);
			expect(await getContact(database.db, staff, crypto.randomUUID())).toEqual({
				kind: 'not_found'
			});
			expect(await getContact(database.db, staff, 'x')).toEqual({ kind: 'not_found' });
		});
	});
});
