import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import type { Database } from '../db';
import { contactPerson, organisation, person, registration } from '../db/schema';
import { register } from '../registrations';
import { makeStaff } from '$tests/attendees';
import {
	bestSuggestions,
	suggestContacts,
	suggestContactsForEach,
	type Registrant,
	type Suggestion
} from './suggestions';
import { listUnlinked } from './unlinked';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';

type NewContact = Partial<typeof contactPerson.$inferInsert>;

describe.each(DATABASE_KINDS)('batched contact suggestions on %s', (kind) => {
	let database: Database;
	let rows: (Registrant & { id: string; contactId: string | null })[];

	async function makeContacts(values: NewContact[]) {
		const keys = await database.db
			.insert(person)
			.values(values.map(() => ({})))
			.returning();
		return database.db
			.insert(contactPerson)
			.values(
				values.map((value, i) => ({
					personId: keys[i]!.id,
					firstName: 'Ville',
					lastName: 'Kontakti',
					source: 'manual' as const,
					basis: 'customer_relationship' as const,
					emailNormalised: value.email?.toLowerCase() ?? null,
					...value
				}))
			)
			.returning();
	}

	async function makeOrganisation(name: string, emailDomain: string | null) {
		const [row] = await database.db.insert(organisation).values({ name, emailDomain }).returning();
		return row!;
	}

	// What the batch must reproduce: one suggestContacts call per registrant.
	async function oneByOne(registrants: Registrant[], limit: number) {
		const answers: Suggestion[][] = [];
		for (const registrant of registrants) {
			answers.push(await suggestContacts(database.db, registrant, limit));
		}
		return answers;
	}

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const acme = await makeOrganisation('Acme Oy', 'acme.fi');
		const freeMail = await makeOrganisation('Gmail-käyttäjät Oy', 'gmail.com');
		const [survivor] = await makeContacts([{ firstName: 'Maija', lastName: 'Jäljellä' }]);
		const [byEmail] = await makeContacts([
			{ firstName: 'Anna', lastName: 'Ahonen', email: 'Anna.Ahonen@acme.fi' }
		]);
		await makeContacts([
			{ firstName: 'Toinen', lastName: 'Henkilö', phone: '+358401234567' },
			{ firstName: 'Liisa', lastName: 'Laaksonen', organisationId: acme.id },
			{ firstName: 'Liisa', lastName: 'Laaksone' },
			{ firstName: 'Pekka', lastName: 'Puro', email: 'p.puro@beta.fi' },
			{ firstName: 'Sanni', lastName: 'Sattuma', organisationId: freeMail.id },
			{ firstName: 'Arto', lastName: 'Arkisto', email: 'arto@arkisto.fi', archivedAt: new Date() },
			{
				firstName: 'Yhdis',
				lastName: 'Tetty',
				phone: '+358409990000',
				mergedIntoId: survivor!.id
			},
			{ firstName: 'Äijälä', lastName: 'Öhman', email: 'aijala@ohman.fi' },
			{ firstName: 'Wild', lastName: '%_\\card' },
			{ firstName: 'Wild', lastName: '%a\\card' }
		]);
		// Namesakes made in one statement share created_at: ties the candidate order must break alike.
		const sameMoment = new Date('2024-01-01T00:00:00Z');
		await makeContacts([
			{ firstName: 'Matti', lastName: 'Meikäläinen', createdAt: sameMoment },
			{ firstName: 'Matti', lastName: 'Meikäläinen', createdAt: sameMoment },
			{ firstName: 'Matti', lastName: 'Meikäläinen', phone: '+358405550000' }
		]);
		// More Mattis than one registrant's candidate limit, so which ones it reads must agree too.
		await makeContacts(
			Array.from({ length: 230 }, (_, i) => ({
				firstName: 'Matti',
				lastName: `Meikä${String.fromCharCode(97 + (i % 26))}${i}`,
				createdAt: new Date(Date.UTC(2024, 0, 2, 0, 0, i % 7))
			}))
		);

		const registrants: (Registrant & { contactId?: string })[] = [
			{ firstName: 'Anni', lastName: 'Ahola', emailNormalised: 'anna.ahonen@acme.fi', phone: null },
			{ firstName: 'Kolmas', lastName: 'Ihminen', emailNormalised: null, phone: '+358401234567' },
			{
				firstName: 'Liisa',
				lastName: 'Laaksonen',
				emailNormalised: 'liisa@acme.fi',
				phone: '+358401234567'
			},
			{
				firstName: ' Liisa ',
				lastName: 'LAAKSONEN ',
				emailNormalised: 'liisa@acme.fi',
				phone: null
			},
			{ firstName: 'Pekka', lastName: 'Puro', emailNormalised: 'pekka.puro@beta.fi', phone: null },
			{ firstName: 'Sanni', lastName: 'Sattuma', emailNormalised: 'sanni@gmail.com', phone: null },
			{ firstName: 'Arto', lastName: 'Arkisto', emailNormalised: 'arto@arkisto.fi', phone: null },
			{ firstName: 'Yhdis', lastName: 'Tetty', emailNormalised: null, phone: '+358409990000' },
			{ firstName: 'ÄIJÄLÄ', lastName: 'ÖHMAN', emailNormalised: null, phone: null },
			{ firstName: 'Wild', lastName: '%_\\card', emailNormalised: null, phone: null },
			{ firstName: 'Matti', lastName: 'Meikäläinen', emailNormalised: null, phone: null },
			{ firstName: 'Matti', lastName: 'Meikä', emailNormalised: null, phone: '+358405550000' },
			{ firstName: 'Zyx', lastName: 'Qwerty', emailNormalised: 'zyx@nowhere.fi', phone: null },
			{ firstName: ' ', lastName: '', emailNormalised: null, phone: null },
			{
				firstName: 'Anna',
				lastName: 'Ahonen',
				emailNormalised: 'anna.ahonen@acme.fi',
				phone: null,
				contactId: byEmail!.id
			}
		];
		rows = registrants.map((registrant, i) => ({
			contactId: null,
			...registrant,
			id: `row-${i}`
		}));
	});

	afterAll(async () => {
		await database?.close();
	});

	it('gives every registrant what its own suggestContacts call gives', async () => {
		for (const limit of [1, 3, 10]) {
			const expected = await oneByOne(rows, limit);
			expect(await suggestContactsForEach(database.db, rows, limit)).toEqual(expected);
		}
		// The data set must exercise every reason, or the comparison above proves little.
		const reasons = new Set((await oneByOne(rows, 10)).flat().flatMap((s) => s.reasons));
		expect([...reasons].sort()).toEqual(['email', 'name_domain', 'phone', 'similar_name']);
	});

	it('picks the best match of each unlinked row of a page and nothing for linked rows', async () => {
		const best = await bestSuggestions(database.db, rows);
		const expected = new Map<string, Suggestion>();
		for (const row of rows) {
			const [top] = row.contactId ? [] : await suggestContacts(database.db, row, 1);
			if (top) expected.set(row.id, top);
		}
		expect(best).toEqual(expected);
		expect(best.has(rows.at(-1)!.id)).toBe(false);
		expect(best.size).toBeGreaterThan(8);
	});

	it('answers an empty page and a page without anything to look up without reading', async () => {
		expect(await bestSuggestions(database.db, [])).toEqual(new Map());
		const blank = { firstName: '', lastName: ' ', emailNormalised: null, phone: null };
		expect(await suggestContactsForEach(database.db, [blank, blank], 3)).toEqual([[], []]);
	});

	it('lists unlinked registrants with the suggestions each would get alone', async () => {
		const staff = await makeStaff(database.db);
		const ev = await makeEvent(database.db);
		const signups = [
			{ firstName: 'Liisa', lastName: 'Laaksonen', email: 'liisa@acme.fi' },
			{ firstName: 'Kolmas', lastName: 'Ihminen', phone: '0401234567' },
			{ firstName: 'Matti', lastName: 'Meikäläinen', email: 'matti@gmail.com' },
			{ firstName: 'Zyx', lastName: 'Qwerty', email: 'zyx@nowhere.fi' }
		];
		for (const signup of signups) {
			const result = await register(database.db, {
				event: ev,
				data: makeSignup(signup),
				locale: 'fi',
				origin: ORIGIN,
				organizer: ORGANIZER
			});
			if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		}
		const page = await listUnlinked(database.db, staff, { eventId: ev.id });
		expect(page.rows).toHaveLength(signups.length);
		const registrations = await database.db
			.select()
			.from(registration)
			.where(
				inArray(
					registration.id,
					page.rows.map((row) => row.registrationId)
				)
			);
		const byId = new Map(registrations.map((row) => [row.id, row]));
		const expected = await oneByOne(
			page.rows.map((row) => byId.get(row.registrationId)!),
			3
		);
		expect(page.rows.map((row) => row.suggestions)).toEqual(expected);
		expect(expected.flat().length).toBeGreaterThan(3);
		expect(page.rows[0]).not.toHaveProperty('emailNormalised');
	});
});
