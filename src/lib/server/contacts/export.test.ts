import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvent, contactPerson, organisation, type NewContactPerson } from '../db/schema';
import { contactsCsv, exportContacts } from './export';
import { csvChunks, xlsxStream } from '../spreadsheet';
import {
	bytesOf,
	formulaCells,
	formulaLikeCells,
	readSheet,
	textOf,
	valuesOf
} from '$tests/spreadsheet-reader';
import { commitImport, previewImport } from './import';
import { DATABASE_KINDS } from '$tests/databases';
import { makeContact, makeOrganisation } from '$tests/contacts-fixtures';

/** The header the import reads (as people write it, unquoted). */
const HEADER =
	'name;business_id;street;postal_code;city;email;phone;customer_status;notes;' +
	'contact_first_name;contact_last_name;contact_email;contact_phone;contact_title';
/** The same, as the export writes it: every text field quoted. */
const QUOTED_HEADER = HEADER.split(';')
	.map((header) => `"${header}"`)
	.join(';');

const collect = textOf;

/** The export's lines without the byte order mark and the final empty line. */
const linesOf = (text: string) => text.slice(1).split('\r\n').slice(0, -1);

/** A contact without an email unless given: the export shows exactly what was written. */
const addContact = (db: Db, values: Partial<NewContactPerson>) =>
	makeContact(db, { basis: 'consent', email: null, ...values });

describe.each(DATABASE_KINDS)('the contact register export on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	async function importText(text: string) {
		const preview = await previewImport(db, new TextEncoder().encode(text));
		if (!preview.ok) throw new Error(`expected a plan, got ${JSON.stringify(preview.problem)}`);
		const result = await commitImport(db, staff, preview.text, preview.plan.hash);
		if (!result.ok) throw new Error(`expected the import to go through, got ${result.reason}`);
		return preview.plan;
	}

	// The first test fills the register; the later ones read it.
	it('writes the import’s headers, a row per live contact, and neutralises formula cells', async () => {
		const alpha = await makeOrganisation(db, {
			name: '=HYPERLINK("evil","Alpha")',
			businessId: '1234567-1',
			street: 'Tie 1; B',
			postalCode: '20100',
			city: '@Turku',
			email: 'info@alpha.fi',
			emailDomain: 'alpha.fi',
			phone: '+35821234567',
			customerStatus: 'current',
			notes: '-5 autoa\n"iso"'
		});
		const beta = await makeOrganisation(db, { name: 'Beta Oy' });
		const archived = await makeOrganisation(db, { name: 'Arkistoitu Oy', archivedAt: new Date() });
		const kept = await addContact(db, {
			organisationId: alpha.id,
			firstName: 'Aino',
			lastName: 'Ahola',
			email: 'Aino@Alpha.fi',
			phone: '+358401234567',
			title: '+Ostaja'
		});
		await addContact(db, { organisationId: alpha.id, firstName: 'Bertta', lastName: 'Aalto' });
		await addContact(db, {
			organisationId: alpha.id,
			firstName: 'Vanha',
			lastName: 'Arkistoitu',
			archivedAt: new Date()
		});
		await addContact(db, {
			organisationId: alpha.id,
			firstName: 'Yhdistetty',
			lastName: 'Ahola',
			mergedIntoId: kept.id
		});
		await addContact(db, { organisationId: archived.id, firstName: 'Piilo', lastName: 'Pois' });
		await addContact(db, { firstName: 'Yksin', lastName: 'Yrittäjä', phone: '+358501112222' });
		expect(beta).toBeDefined();

		const text = await collect(contactsCsv(db));
		expect(text.startsWith('\uFEFF')).toBe(true);
		const alphaCells =
			`"'=HYPERLINK(""evil"",""Alpha"")";"1234567-1";"Tie 1; B";"=""20100""";"'@Turku";` +
			`"info@alpha.fi";"02 1234567";"current";"'-5 autoa\n""iso"""`;
		expect(linesOf(text)).toEqual([
			QUOTED_HEADER,
			`${alphaCells};"Bertta";"Aalto";;;`,
			`${alphaCells};"Aino";"Ahola";"Aino@Alpha.fi";"040 1234567";"'+Ostaja"`,
			'"Beta Oy";;;;;;;"prospect";;;;;;',
			';;;;;;;;;"Yksin";"Yrittäjä";;"050 1112222";'
		]);

		const comma = await collect(contactsCsv(db, { separator: ',', batchSize: 1 }));
		expect(linesOf(comma)[0]).toBe(QUOTED_HEADER.replaceAll(';', ','));
		expect(linesOf(comma)).toHaveLength(5);
		// Read as a spreadsheet would, with either separator, neither file has a formula cell.
		for (const file of [text, comma]) {
			expect(formulaLikeCells(file)).toEqual([]);
			const bytes = new TextEncoder().encode(file);
			for (const separator of [';', ','] as const) {
				expect(formulaCells(readSheet(bytes, { separator }))).toEqual([]);
			}
		}
	});

	it('records the export with the number of rows before any row leaves', async () => {
		const { count, sheet } = await exportContacts(db, staff, { format: 'csv', separator: ',' });
		expect(count).toBe(4);
		const exported = () =>
			db
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.action, 'contacts.exported'), eq(auditEvent.actorId, staff.id)))
				.orderBy(asc(auditEvent.id));
		expect(await exported()).toMatchObject([
			{ count: 4, details: { format: 'csv', separator: ',' } }
		]);
		expect(linesOf(await collect(csvChunks(sheet, ',')))).toHaveLength(5);

		const xlsx = await exportContacts(db, staff, { format: 'xlsx' }, { sheet: 'Asiakkaat' });
		expect(xlsx.count).toBe(4);
		expect((await exported()).at(-1)).toMatchObject({ count: 4, details: { format: 'xlsx' } });
		const rows = readSheet(await bytesOf(xlsxStream(xlsx.sheet)));
		expect(formulaCells(rows)).toEqual([]);
		expect(rows).toHaveLength(5);
		// Postal code and phones are text cells with their zeros; typed text is kept as typed.
		expect(valuesOf(rows)[2]).toEqual([
			'=HYPERLINK("evil","Alpha")',
			'1234567-1',
			'Tie 1; B',
			'20100',
			'@Turku',
			'info@alpha.fi',
			'02 1234567',
			'current',
			'-5 autoa\n"iso"',
			'Aino',
			'Ahola',
			'Aino@Alpha.fi',
			'040 1234567',
			'+Ostaja'
		]);
		expect(rows[2]!.map((cell) => cell?.t ?? null)).toEqual(Array(14).fill('s'));
	});

	it('imports its own export back as no changes', async () => {
		// Everything the import can write: quotes, separators, line breaks, ä, phones, statuses.
		await importText(
			[
				HEADER,
				'"Äijälä ""Iso"" Oy";7654321-2;"Satama; laituri 3";20100;Turku;Myynti@Aijala.fi;02 123 4567;entinen;"rivi 1\nrivi 2";Åke;Öhman;ake@aijala.fi;+358 40 765 4321;Myyntipäällikkö',
				'"Äijälä ""Iso"" Oy";7654321-2;;;;;;;;Eero;Ek;;;',
				'Gamma Ky;;;;;;;prospect;"hinta;-5 %\n=netto, +alv";;;;;',
				'Delta Oy;;;;Oulu;;;current;;Dora;Delta;dora@delta.fi;;'
			].join('\n')
		);
		const before = {
			organisations: await db.select().from(organisation).orderBy(asc(organisation.id)),
			contacts: await db.select().from(contactPerson).orderBy(asc(contactPerson.id))
		};

		for (const separator of [';', ','] as const) {
			const exported = await collect(contactsCsv(db, { separator }));
			// The notes' formula characters after a separator or line break were protected.
			expect(exported).toContain(`"hinta;'-5 %\n'=netto, +alv"`);
			expect(formulaLikeCells(exported)).toEqual([]);
			const preview = await previewImport(db, new TextEncoder().encode(exported));
			if (!preview.ok) throw new Error(JSON.stringify(preview.problem));
			const { counts, rows } = preview.plan;
			expect(counts).toMatchObject({
				organisationsCreated: 0,
				organisationsUpdated: 0,
				contactsCreated: 0,
				contactsUpdated: 0
			});
			// The first test's formula-like values come back refused, as any such cell would;
			// the contact without an organisation has no name to import under.
			const skipped = rows.filter((r) => r.action === 'skip');
			expect(skipped.map((r) => r.reasons)).toEqual([['formula'], ['formula'], ['missingName']]);
			expect(rows.filter((r) => r.action === 'unchanged')).toHaveLength(rows.length - 3);
			expect(rows.length).toBeGreaterThan(6);
			const result = await commitImport(db, staff, preview.text, preview.plan.hash);
			expect(result).toMatchObject({ ok: true });
		}
		expect({
			organisations: await db.select().from(organisation).orderBy(asc(organisation.id)),
			contacts: await db.select().from(contactPerson).orderBy(asc(contactPerson.id))
		}).toEqual(before);
		const [{ n }] = (await db
			.select({ n: sql<number>`count(*)::int` })
			.from(organisation)
			.where(eq(organisation.businessId, '7654321-2'))) as [{ n: number }];
		expect(n).toBe(1);
	});
});
