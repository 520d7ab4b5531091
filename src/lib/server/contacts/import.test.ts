import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvent, contactPerson, organisation, person } from '../db/schema';
import { commitImport, previewImport, type ImportPlan, type PlanRow } from './import';
import { checkRow } from './import-check';
import { readTable } from './import-csv';
import { planImport, type RegisterOrganisation } from './import-plan';
import { DATABASE_KINDS } from '$tests/databases';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];
let nextBody = 2_000_000;

/** A fresh valid y-tunnus, different in each call. */
function businessId(): string {
	for (;;) {
		const digits = String(nextBody++).padStart(7, '0');
		const remainder = [...digits].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i]!, 0) % 11;
		if (remainder !== 1) return `${digits}-${remainder === 0 ? 0 : 11 - remainder}`;
	}
}

/** The same ID with a wrong check digit. */
function badCheckDigit(id: string): string {
	const check = Number(id.slice(-1));
	return `${id.slice(0, -1)}${(check + 1) % 10}`;
}

let tagCounter = 0;
/** Letters only, unique per call: names in one test never match another test's rows. */
function tag(): string {
	tagCounter++;
	return `T${tagCounter.toString(36)}x${Math.random().toString(36).slice(2, 6).replace(/\d/g, 'q')}`;
}

const HEADER =
	'name;business_id;street;postal_code;city;email;phone;customer_status;notes;' +
	'contact_first_name;contact_last_name;contact_email;contact_phone;contact_title';

function csv(...rows: string[][]) {
	return [HEADER, ...rows.map((cells) => cells.join(';'))].join('\r\n') + '\r\n';
}

/** A row of the import format from named values; everything else empty. */
function row(values: {
	name?: string;
	businessId?: string;
	street?: string;
	postalCode?: string;
	city?: string;
	email?: string;
	phone?: string;
	status?: string;
	notes?: string;
	first?: string;
	last?: string;
	contactEmail?: string;
	contactPhone?: string;
	title?: string;
}): string[] {
	return [
		values.name,
		values.businessId,
		values.street,
		values.postalCode,
		values.city,
		values.email,
		values.phone,
		values.status,
		values.notes,
		values.first,
		values.last,
		values.contactEmail,
		values.contactPhone,
		values.title
	].map((value) => value ?? '');
}

const bytes = (text: string) => new TextEncoder().encode(text);

function planRow(plan: ImportPlan, number: number): PlanRow {
	const found = plan.rows.find((r) => r.row === number);
	if (!found) throw new Error(`no row ${number} in the plan`);
	return found;
}

async function tables(db: Db) {
	return {
		organisations: await db.select().from(organisation).orderBy(asc(organisation.id)),
		contacts: await db.select().from(contactPerson).orderBy(asc(contactPerson.id)),
		persons: (await db.select({ n: sql<number>`count(*)::int` }).from(person))[0]!.n
	};
}

describe('checking one row', () => {
	it('refuses cells a spreadsheet would run, but not a phone number in international form', () => {
		const check = (values: Record<string, string>) => checkRow({ name: 'Oy', ...values });
		expect(check({ name: '=HYPERLINK("evil","x")' })).toMatchObject({
			ok: false,
			reasons: ['formula'],
			columns: ['name']
		});
		expect(check({ city: '+cmd' })).toMatchObject({ ok: false, columns: ['city'] });
		expect(check({ notes: ' -1+1' })).toMatchObject({ ok: false, columns: ['notes'] });
		expect(
			check({ contactTitle: '@SUM(A1)', contactFirstName: 'A', contactLastName: 'B' })
		).toMatchObject({ ok: false, columns: ['contactTitle'] });
		expect(check({ phone: '+1 cmd|calc' })).toMatchObject({ ok: false, columns: ['phone'] });
		expect(check({ phone: "'=1" })).toMatchObject({ ok: false, columns: ['phone'] });
		expect(check({ phone: '+358 40 123 4567' })).toMatchObject({
			ok: true,
			organisation: { phone: '+358401234567' }
		});
		// The export's own protection reads back as the value it protected.
		expect(check({ phone: "'+358401234567" })).toMatchObject({
			ok: true,
			organisation: { phone: '+358401234567' }
		});
	});

	it('lists an impossible phone number with the other problems of its row', () => {
		expect(
			checkRow({ name: '', phone: '12345', contactFirstName: 'Aino', contactPhone: '12345' })
		).toMatchObject({
			ok: false,
			reasons: expect.arrayContaining(['phoneInvalid']),
			columns: expect.arrayContaining(['name', 'phone', 'contactLastName', 'contactPhone'])
		});
	});

	it('keeps empty cells as "not given" and brings values to the stored form', () => {
		expect(
			checkRow({
				name: '  Äijälä  Oy ',
				businessId: '1234567 1',
				email: 'Info@Aijala.FI',
				customerStatus: 'Entinen',
				contactFirstName: 'Aino',
				contactLastName: 'Ahola',
				contactEmail: 'Aino.Ahola@Aijala.fi',
				contactPhone: '040 123 4567'
			})
		).toEqual({
			ok: true,
			organisation: {
				name: 'Äijälä  Oy',
				businessId: '1234567-1',
				street: null,
				postalCode: null,
				city: null,
				email: 'info@aijala.fi',
				phone: null,
				customerStatus: 'former',
				notes: null
			},
			contact: {
				contactFirstName: 'Aino',
				contactLastName: 'Ahola',
				contactEmail: 'Aino.Ahola@Aijala.fi',
				contactPhone: '+358401234567',
				contactTitle: null
			}
		});
	});
});

describe('planning against the register', () => {
	const organisation = (id: string, name: string, businessId: string | null = null) =>
		({
			id,
			name,
			businessId,
			street: null,
			postalCode: null,
			city: null,
			email: null,
			phone: null,
			customerStatus: 'current',
			notes: null,
			archived: false
		}) satisfies RegisterOrganisation;
	const plan = (text: string, register: Parameters<typeof planImport>[1]) => {
		const table = readTable(text);
		if (!table.ok) throw new Error(JSON.stringify(table.problem));
		return planImport(table.value, register);
	};

	it('skips a row it cannot tell apart: two organisations or two contacts of the same name', () => {
		const register = {
			organisations: [organisation('o1', 'Kaksi Oy'), organisation('o2', 'KAKSI OY')],
			contacts: [1, 2].map((n) => ({
				id: `c${n}`,
				organisationId: 'o3',
				contactFirstName: 'Aino',
				contactLastName: 'Ahola',
				contactEmail: null,
				contactPhone: null,
				contactTitle: null,
				archived: false
			}))
		};
		register.organisations.push(organisation('o3', 'Yksi Oy', '1234567-1'));
		const result = plan(
			'name;contact_first_name;contact_last_name;contact_email\n' +
				'Kaksi Oy;;;\n' +
				'Yksi Oy;Aino;Ahola;\n' +
				'Yksi Oy;Aino;Ahola;aino@yksi.fi\n',
			register
		);
		expect(result.rows.map((r) => r.reasons)).toEqual([
			['organisationAmbiguous'],
			['contactAmbiguous'],
			['contactAmbiguous']
		]);
	});

	it('plans ten thousand rows against ten thousand organisations by index, not row by row', () => {
		// Counts every read of the register's organisations: matching each row against all of them
		// is 10,000 × 10,000 reads (over a minute once); indexed once, each is read once. A count,
		// not a clock, so the check holds on a busy machine too.
		let reads = 0;
		const organisations = new Proxy(
			Array.from({ length: 10_000 }, (_, i) => organisation(`o${i}`, `Org ${i} Oy`)),
			{
				get(target, property, receiver) {
					if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
					return Reflect.get(target, property, receiver) as unknown;
				}
			}
		);
		const register = { organisations, contacts: [] };
		let text = 'name;city;contact_first_name;contact_last_name;contact_email\n';
		for (let i = 0; i < 5000; i++) text += `Org ${i} Oy;Espoo;Aino;A${i};a${i}@x.fi\n`;
		for (let i = 0; i < 5000; i++) text += `Iso Oy;Espoo;Aino;B${i};b${i}@x.fi\n`;
		const result = plan(text, register);
		expect(reads).toBeGreaterThan(0);
		expect(reads).toBeLessThan(100_000);
		expect(result.counts).toMatchObject({
			organisationsCreated: 1,
			organisationsUpdated: 5000,
			contactsCreated: 10_000
		});
	});
});

describe.each(DATABASE_KINDS)('the contact import on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	async function preview(text: string) {
		const result = await previewImport(db, bytes(text));
		if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.problem)}`);
		return result;
	}

	async function importFile(text: string) {
		const { plan, text: checked } = await preview(text);
		const result = await commitImport(db, staff, checked, plan.hash);
		if (!result.ok) throw new Error(`expected the import to go through, got ${result.reason}`);
		return { plan, counts: result.counts };
	}

	it('creates organisations and their contacts, with the basis the customer status gives', async () => {
		const t = tag();
		const id = businessId();
		const file = csv(
			row({
				name: `Kuljetus ${t} Oy`,
				businessId: id.replace('-', ''),
				street: 'Satamatie 1',
				postalCode: '20100',
				city: 'Turku',
				email: `Info@${t}.FI`,
				phone: '02 123 4567',
				status: 'nykyinen',
				notes: 'Kolme autoa;\n"Iso" asiakas',
				first: 'Aino',
				last: 'Ahola',
				contactEmail: `Aino@${t}.fi`,
				contactPhone: '040 123 4567',
				title: 'Toimitusjohtaja'
			}),
			row({ name: `Kuljetus ${t} Oy`, businessId: id, first: 'Bertta', last: 'Berg' }),
			row({ name: `Prospekti ${t} Ky`, status: 'prospect', first: 'Cecilia', last: 'Cede' }),
			row({ name: `Tyhjä ${t} Oy` })
		).replace('Kolme autoa;\n"Iso" asiakas', '"Kolme autoa;\n""Iso"" asiakas"');
		const before = await tables(db);

		const { plan } = await preview(file);
		expect(plan.counts).toEqual({
			rows: 4,
			organisationsCreated: 3,
			organisationsUpdated: 0,
			contactsCreated: 3,
			contactsUpdated: 0,
			rowsUnchanged: 0,
			rowsSkipped: 0
		});
		expect(plan.rows.map((r) => [r.row, r.action, r.organisationAction, r.contactAction])).toEqual([
			[2, 'create', 'create', 'create'],
			[3, 'create', 'unchanged', 'create'],
			[4, 'create', 'create', 'create'],
			[5, 'create', 'create', null]
		]);
		expect(await tables(db), 'the preview writes nothing').toEqual(before);

		await importFile(file);
		const [org] = await db.select().from(organisation).where(eq(organisation.businessId, id));
		expect(org).toMatchObject({
			name: `Kuljetus ${t} Oy`,
			street: 'Satamatie 1',
			postalCode: '20100',
			city: 'Turku',
			email: `info@${t.toLowerCase()}.fi`,
			emailDomain: `${t.toLowerCase()}.fi`,
			phone: '+35821234567',
			customerStatus: 'current',
			notes: 'Kolme autoa;\n"Iso" asiakas',
			createdBy: staff.id,
			archivedAt: null
		});
		const people = await db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.organisationId, org!.id))
			.orderBy(asc(contactPerson.lastName));
		expect(people).toEqual([
			expect.objectContaining({
				firstName: 'Aino',
				lastName: 'Ahola',
				email: `Aino@${t}.fi`,
				emailNormalised: `aino@${t.toLowerCase()}.fi`,
				phone: '+358401234567',
				title: 'Toimitusjohtaja',
				source: 'import',
				basis: 'customer_relationship',
				createdBy: staff.id
			}),
			expect.objectContaining({ firstName: 'Bertta', lastName: 'Berg', email: null })
		]);
		expect(people[0]!.personId).not.toBe(people[1]!.personId);
		const keys = await db
			.select()
			.from(person)
			.where(inArray(person.id, [people[0]!.personId]));
		expect(keys).toHaveLength(1);

		const prospect = await db
			.select({ basis: contactPerson.basis, status: organisation.customerStatus })
			.from(contactPerson)
			.innerJoin(organisation, eq(organisation.id, contactPerson.organisationId))
			.where(eq(organisation.name, `Prospekti ${t} Ky`));
		expect(prospect).toEqual([{ basis: 'legitimate_interest', status: 'prospect' }]);
		const [empty] = await db
			.select()
			.from(organisation)
			.where(eq(organisation.name, `Tyhjä ${t} Oy`));
		expect(empty?.customerStatus).toBe('prospect');

		const [event] = await db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'contacts.imported'))
			.orderBy(sql`${auditEvent.id} desc`)
			.limit(1);
		expect(event).toMatchObject({ actorId: staff.id, actorKind: 'staff', count: 6 });
		expect(event!.details).toMatchObject({ organisationsCreated: 3, contactsCreated: 3, rows: 4 });
		expect(JSON.stringify(event)).not.toContain(t);
	});

	it('skips rows with a bad y-tunnus, no name or bad values, says why, and imports the rest', async () => {
		const t = tag();
		const good = businessId();
		const file = csv(
			row({ name: `Hyvä ${t} Oy`, businessId: good }),
			row({ name: `Huono ${t} Oy`, businessId: badCheckDigit(businessId()) }),
			row({ name: '', businessId: businessId(), city: 'Turku' }),
			row({ name: `Puolikas ${t} Oy`, first: 'Aino' }),
			row({ name: `Posti ${t} Oy`, postalCode: '2010' }),
			row({ name: `Meili ${t} Oy`, email: 'not-an-email' }),
			row({ name: `Puhelin ${t} Oy`, phone: '123' }),
			row({ name: `Tila ${t} Oy`, status: 'maybe' }),
			row({ name: `Kaava ${t} Oy`, notes: '=HYPERLINK("evil","x")' }),
			row({ name: 'x'.repeat(201) })
		);
		const { plan } = await preview(file);
		expect(plan.rows.map((r) => [r.row, r.action, r.reasons, r.columns])).toEqual([
			[2, 'create', [], []],
			[3, 'skip', ['businessIdInvalid'], ['businessId']],
			[4, 'skip', ['missingName'], ['name']],
			[5, 'skip', ['missingContactName'], ['contactLastName']],
			[6, 'skip', ['postalCodeInvalid'], ['postalCode']],
			[7, 'skip', ['emailInvalid'], ['email']],
			[8, 'skip', ['phoneInvalid'], ['phone']],
			[9, 'skip', ['customerStatusInvalid'], ['customerStatus']],
			[10, 'skip', ['formula'], ['notes']],
			[11, 'skip', ['tooLong'], ['name']]
		]);
		expect(plan.counts).toMatchObject({ organisationsCreated: 1, rowsSkipped: 9 });

		await importFile(file);
		const created = await db
			.select({ name: organisation.name })
			.from(organisation)
			.where(sql`${organisation.name} LIKE ${`%${t}%`}`);
		expect(created).toEqual([{ name: `Hyvä ${t} Oy` }]);
	});

	it('merges repeated rows, and skips a row that contradicts an earlier one', async () => {
		const t = tag();
		const id = businessId();
		const name = `Toisto ${t} Oy`;
		const file = csv(
			row({ name, businessId: id, first: 'Aino', last: 'Ahola', contactEmail: `aino@${t}.fi` }),
			row({ name: name.toUpperCase(), businessId: id, city: 'Turku' }),
			row({ name, businessId: id, city: 'Espoo' }),
			row({ name, businessId: id, first: 'Aino', last: 'Ahola', contactEmail: `AINO@${t}.fi` }),
			row({ name, businessId: id, first: 'A', last: 'Ahola', contactEmail: `aino@${t}.fi` }),
			row({ name: `Muu ${t} Oy`, businessId: id }),
			row({ name, first: 'Bertta', last: 'Berg', contactPhone: '040 111 2222' }),
			row({ name, first: 'bertta', last: 'berg', contactPhone: '040 111 3333' })
		);
		const { plan } = await preview(file);
		expect(plan.rows.map((r) => [r.row, r.action, r.reasons, r.otherRow])).toEqual([
			[2, 'create', [], null],
			[3, 'update', [], null],
			[4, 'skip', ['duplicateInFile'], 3],
			[5, 'unchanged', [], null],
			[6, 'skip', ['duplicateInFile'], 2],
			[7, 'skip', ['duplicateInFile'], 2],
			[8, 'create', [], null],
			[9, 'skip', ['duplicateInFile'], 8]
		]);
		expect(planRow(plan, 4).columns).toEqual(['city']);
		expect(planRow(plan, 6).columns).toEqual(['contactFirstName']);
		expect(planRow(plan, 9).columns).toEqual(['contactPhone']);
		expect(plan.counts).toMatchObject({ organisationsCreated: 1, contactsCreated: 2 });

		await importFile(file);
		const [org] = await db.select().from(organisation).where(eq(organisation.businessId, id));
		expect(org).toMatchObject({ name, city: 'Turku' });
	});

	it('matches the register by y-tunnus, then by name, and updates only what the file gives', async () => {
		const t = tag();
		const id = businessId();
		const laterId = businessId();
		await importFile(
			csv(
				row({ name: `Rekisteri ${t} Oy`, businessId: id, city: 'Turku', street: 'Vanha 1' }),
				row({ name: `Rekisteri ${t} Oy`, businessId: id, first: 'Aino', last: 'Ahola' }),
				row({
					name: `Nimellä ${t} Oy`,
					first: 'Bertta',
					last: 'Berg',
					contactEmail: `bertta@${t}.fi`
				})
			)
		);

		const { plan, text } = await preview(
			csv(
				// By y-tunnus: the street changes, the empty city stays; Aino gets an email.
				row({
					name: `Rekisteri ${t} Oy`,
					businessId: id,
					street: 'Uusi 2',
					first: 'aino',
					last: 'AHOLA',
					contactEmail: `aino@${t}.fi`
				}),
				// By name, ignoring case: the organisation gets its y-tunnus; Bertta by email.
				row({
					name: `NIMELLÄ ${t} OY`,
					businessId: laterId,
					first: 'Bertta',
					last: 'Berg-Lund',
					contactEmail: `BERTTA@${t}.fi`
				})
			)
		);
		expect(
			plan.rows.map((r) => [r.action, r.organisationAction, r.contactAction, r.columns])
		).toEqual([
			[
				'update',
				'update',
				'update',
				['street', 'contactFirstName', 'contactLastName', 'contactEmail']
			],
			['update', 'update', 'update', ['name', 'businessId', 'contactLastName']]
		]);
		expect(plan.counts).toMatchObject({
			organisationsCreated: 0,
			organisationsUpdated: 2,
			contactsCreated: 0,
			contactsUpdated: 2
		});
		const result = await commitImport(db, staff, text, plan.hash);
		expect(result).toMatchObject({ ok: true });

		const [byId] = await db.select().from(organisation).where(eq(organisation.businessId, id));
		expect(byId).toMatchObject({ name: `Rekisteri ${t} Oy`, street: 'Uusi 2', city: 'Turku' });
		const [aino] = await db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.organisationId, byId!.id));
		expect(aino).toMatchObject({ firstName: 'aino', lastName: 'AHOLA', email: `aino@${t}.fi` });
		const [byName] = await db
			.select()
			.from(organisation)
			.where(eq(organisation.businessId, laterId));
		expect(byName?.name).toBe(`NIMELLÄ ${t} OY`);
		const [bertta] = await db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.organisationId, byName!.id));
		expect(bertta).toMatchObject({ lastName: 'Berg-Lund', email: `bertta@${t}.fi` });
		expect(bertta!.updatedAt.getTime()).toBeGreaterThan(bertta!.createdAt.getTime());
	});

	it('skips a row whose y-tunnus belongs to an organisation of another name', async () => {
		const t = tag();
		const id = businessId();
		await importFile(csv(row({ name: `Oikea ${t} Oy`, businessId: id })));
		const { plan } = await preview(
			csv(row({ name: `Väärä ${t} Oy`, businessId: id, city: 'Oulu' }))
		);
		expect(planRow(plan, 2)).toMatchObject({
			action: 'skip',
			reasons: ['businessIdConflict'],
			columns: ['businessId', 'name']
		});
	});

	it('does not touch archived organisations and contacts, nor create them again', async () => {
		const t = tag();
		const id = businessId();
		await importFile(
			csv(
				row({ name: `Arkisto ${t} Oy`, businessId: id }),
				row({ name: `Elävä ${t} Oy`, first: 'Aino', last: 'Ahola' })
			)
		);
		await db
			.update(organisation)
			.set({ archivedAt: new Date() })
			.where(eq(organisation.businessId, id));
		const [living] = await db
			.select()
			.from(organisation)
			.where(eq(organisation.name, `Elävä ${t} Oy`));
		await db
			.update(contactPerson)
			.set({ archivedAt: new Date() })
			.where(eq(contactPerson.organisationId, living!.id));
		const { plan } = await preview(
			csv(
				row({ name: `Arkisto ${t} Oy`, businessId: id, city: 'Turku' }),
				row({ name: `Elävä ${t} Oy`, first: 'Aino', last: 'Ahola', title: 'Ostaja' })
			)
		);
		expect(plan.rows.map((r) => r.reasons)).toEqual([
			['organisationArchived'],
			['contactArchived']
		]);
	});

	it('changes nothing when the same file is imported again', async () => {
		const t = tag();
		const file = csv(
			row({
				name: `Toistuva ${t} Oy`,
				businessId: businessId(),
				city: 'Turku',
				phone: '+358 2 123 4567',
				status: 'current',
				first: 'Aino',
				last: 'Ahola',
				contactEmail: `aino@${t}.fi`,
				title: 'Ostaja'
			}),
			row({ name: `Toistuva ${t} Oy`, first: 'Bertta', last: 'Berg' }),
			row({ name: `Ilman ${t} Oy`, city: 'Espoo' }),
			row({ name: `Ilman ${t} Oy`, first: 'Cecilia', last: 'Cede', contactPhone: '0401234567' }),
			row({ name: '', city: 'skipped' })
		);
		await importFile(file);
		const before = await tables(db);

		const { plan, counts } = await importFile(file);
		expect(counts).toEqual({
			rows: 5,
			organisationsCreated: 0,
			organisationsUpdated: 0,
			contactsCreated: 0,
			contactsUpdated: 0,
			rowsUnchanged: 4,
			rowsSkipped: 1
		});
		expect(plan.rows.map((r) => r.action)).toEqual([
			'unchanged',
			'unchanged',
			'unchanged',
			'unchanged',
			'skip'
		]);
		expect(await tables(db)).toEqual(before);
	});

	it('refuses to commit when the register changed after the preview, and shows the new plan', async () => {
		const t = tag();
		const id = businessId();
		await importFile(csv(row({ name: `Muuttuva ${t} Oy`, businessId: id, city: 'Turku' })));
		const file = csv(row({ name: `Muuttuva ${t} Oy`, businessId: id, city: 'Espoo' }));
		const { plan, text } = await preview(file);
		expect(planRow(plan, 2).columns).toEqual(['city']);

		// Someone else sets the same city meanwhile: the plan would now change nothing.
		await db.update(organisation).set({ city: 'Espoo' }).where(eq(organisation.businessId, id));
		const before = await tables(db);
		const result = await commitImport(db, staff, text, plan.hash);
		expect(result).toMatchObject({ ok: false, reason: 'stale' });
		if (result.ok || result.reason !== 'stale') throw new Error('unreachable');
		expect(result.plan.rows[0]!.action).toBe('unchanged');
		expect(await tables(db)).toEqual(before);
	});

	it('reads the text back as the browser posts it (CRLF line breaks) to the same plan', async () => {
		const t = tag();
		const file = csv(row({ name: `Rivinvaihto ${t} Oy`, notes: '"rivi 1\nrivi 2"' }));
		const { plan, text } = await preview(file);
		const result = await commitImport(db, staff, text.replace(/\n/g, '\r\n'), plan.hash);
		expect(result).toMatchObject({ ok: true });
		const [org] = await db
			.select()
			.from(organisation)
			.where(eq(organisation.name, `Rivinvaihto ${t} Oy`));
		expect(org?.notes).toBe('rivi 1\nrivi 2');
	});

	it('writes nothing at all when a row fails halfway through the commit', async () => {
		const t = tag();
		// A failure the plan cannot foresee: the database refuses one contact.
		await db.execute(sql`
			CREATE OR REPLACE FUNCTION test_refuse_contact() RETURNS trigger AS $$
			BEGIN
				IF NEW.last_name = 'Kaatuja' THEN RAISE EXCEPTION 'refused for the test'; END IF;
				RETURN NEW;
			END $$ LANGUAGE plpgsql`);
		await db.execute(sql`
			CREATE TRIGGER test_refuse_contact BEFORE INSERT ON contact_person
			FOR EACH ROW EXECUTE FUNCTION test_refuse_contact()`);
		try {
			const existingId = businessId();
			await importFile(csv(row({ name: `Olemassa ${t} Oy`, businessId: existingId })));
			const before = await tables(db);
			const audits = await db.select().from(auditEvent);

			const file = csv(
				row({ name: `Olemassa ${t} Oy`, businessId: existingId, city: 'Turku' }),
				row({ name: `Uusi ${t} Oy`, first: 'Aino', last: 'Ahola' }),
				row({ name: `Uusi ${t} Oy`, first: 'Kalle', last: 'Kaatuja' })
			);
			const { plan, text } = await preview(file);
			expect(plan.counts).toMatchObject({ organisationsUpdated: 1, contactsCreated: 2 });
			await expect(commitImport(db, staff, text, plan.hash)).rejects.toThrow();

			expect(await tables(db)).toEqual(before);
			expect(await db.select().from(auditEvent)).toEqual(audits);
		} finally {
			await db.execute(sql`DROP TRIGGER test_refuse_contact ON contact_person`);
			await db.execute(sql`DROP FUNCTION test_refuse_contact()`);
		}
	});

	it('refuses a file in the wrong encoding or malformed, naming the row', async () => {
		const latin1 = new Uint8Array([...bytes('name\n'), 0xc4, 0x69, 0x6a, 0xe4, 0x6c, 0xe4, 0x0a]);
		expect(await previewImport(db, latin1)).toEqual({ ok: false, problem: { kind: 'encoding' } });
		expect(await previewImport(db, bytes('name;city\nA;"Turku\n'))).toEqual({
			ok: false,
			problem: { kind: 'unterminatedQuote', row: 2 }
		});
		expect(await previewImport(db, bytes('city\nTurku\n'))).toEqual({
			ok: false,
			problem: { kind: 'missingNameColumn' }
		});
		expect(await commitImport(db, staff, 'name\n"open', 'hash')).toEqual({
			ok: false,
			reason: 'invalid',
			problem: { kind: 'unterminatedQuote', row: 2 }
		});
	});
});
