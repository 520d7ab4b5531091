import { openStaffScene } from '$tests/scene';
import { rowsOf } from '../db/rows';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { attendeeCsv, attendeeSheet, exportAttendees, type ExportLabels } from './index';
import { csvChunks, xlsxStream } from '../spreadsheet';
import {
	bytesOf,
	formulaCells,
	formulaLikeCells,
	readSheet,
	textOf,
	valuesOf
} from '$tests/spreadsheet-reader';
import { auditFor, seedRegistrants, type SeedRow } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';

const labels: ExportLabels = {
	sheet: 'Attendees',
	columns: {
		status: 'Status',
		waitlistPosition: 'Waiting list place',
		firstName: 'First name',
		lastName: 'Last name',
		email: 'Email',
		phone: 'Phone',
		street: 'Street address',
		postalCode: 'Postal code',
		city: 'City',
		registeredAt: 'Registered at',
		checkedInAt: 'Checked in at'
	},
	status: { confirmed: 'Confirmed', waitlisted: 'Waiting', cancelled: 'Cancelled' }
};

const collect = textOf;

describe.each(DATABASE_KINDS)('the attendee export on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	it('writes a BOM, a header and each group in order, quoting what needs it', async () => {
		const ev = await makeEvent(database.db, { capacity: 10 });
		await seedRegistrants(database.db, ev, [
			{
				firstName: 'Äijä "Iso"',
				lastName: 'Öhman; Ab',
				email: 'aija@example.fi',
				phone: '+358401234567',
				street: 'Pollenkuja 6\nB 12',
				postalCode: '20380',
				city: 'Turku',
				createdAt: new Date('2026-03-02T08:15:00Z'),
				checkedInAt: new Date('2026-03-10T07:00:00Z')
			},
			{ firstName: 'Bertta', lastName: 'Aalto', email: null },
			{ firstName: 'Waltteri', lastName: 'Jonola', status: 'waitlisted' },
			{ firstName: 'Venla', lastName: 'Jonola', status: 'waitlisted' },
			{ firstName: 'Cecilia', lastName: 'Peruttu', status: 'cancelled' }
		]);
		const text = await collect(attendeeCsv(database.db, ev.id, { labels }));
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = text.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'"Status";"Waiting list place";"First name";"Last name";"Email";"Phone";"Street address";"Postal code";"City";"Registered at";"Checked in at"'
		);
		expect(lines[1]).toMatch(/^"Confirmed";;"Bertta";"Aalto";;;;;;\d{4}-\d\d-\d\d \d\d:\d\d;$/);
		expect(lines[2]).toBe(
			'"Confirmed";;"Äijä ""Iso""";"Öhman; Ab";"aija@example.fi";"040 1234567";"Pollenkuja 6\nB 12";"=""20380""";"Turku";2026-03-02 10:15;2026-03-10 09:00'
		);
		expect(lines[3]).toMatch(/^"Waiting";1;"Waltteri";"Jonola";/);
		expect(lines[4]).toMatch(/^"Waiting";2;"Venla";"Jonola";/);
		expect(lines[5]).toMatch(/^"Cancelled";;"Cecilia";"Peruttu";/);
		expect(lines[6]).toBe('');
		expect(lines).toHaveLength(7);

		const comma = await collect(
			attendeeCsv(database.db, ev.id, { labels, separator: ',', status: 'waitlisted' })
		);
		expect(comma.slice(1).split('\r\n')[0]).toMatch(/^"Status","Waiting list place","First name",/);
		expect(comma.slice(1).split('\r\n').slice(1, -1)).toEqual([
			expect.stringMatching(/^"Waiting",1,"Waltteri","Jonola",/),
			expect.stringMatching(/^"Waiting",2,"Venla","Jonola",/)
		]);
	});

	it('keeps what registrants typed out of formulas and in its own cell, in both formats', async () => {
		const ev = await makeEvent(database.db, { capacity: 10 });
		await seedRegistrants(database.db, ev, [
			{
				firstName: '=HYPERLINK("http://example.com","x")',
				lastName: 'Virtanen;=1+1;',
				email: 'virtanen@example.fi',
				phone: '+358401234567',
				street: '@SUM(A1)',
				postalCode: '00100',
				city: 'Turku,=2+2,',
				createdAt: new Date('2026-03-02T08:15:00Z')
			},
			{
				firstName: 'Sven',
				lastName: '-Svensson',
				email: 'sven@example.se',
				phone: '+46701234567',
				postalCode: '02100',
				city: 'Espoo'
			}
		]);
		const expected = [
			[
				'Confirmed',
				null,
				'Sven',
				"'-Svensson",
				'sven@example.se',
				'00 46 70 123 45 67',
				null,
				'02100',
				'Espoo'
			],
			[
				'Confirmed',
				null,
				`'=HYPERLINK("http://example.com","x")`,
				"Virtanen;'=1+1;",
				'virtanen@example.fi',
				'040 1234567',
				"'@SUM(A1)",
				'00100',
				"Turku,'=2+2,"
			]
		];
		for (const separator of [';', ','] as const) {
			const text = await collect(attendeeCsv(database.db, ev.id, { labels, separator }));
			// Nor does a reader that honours quotes only at the start of a field find one.
			expect(formulaLikeCells(text)).toEqual([]);
			const bytes = new TextEncoder().encode(text);
			// Read as the file says, and as Finnish Excel reads a comma file: split on semicolons.
			for (const readAs of [';', ','] as const) {
				expect(formulaCells(readSheet(bytes, { separator: readAs }))).toEqual([]);
			}
			const rows = readSheet(bytes, { separator });
			expect(valuesOf(rows.slice(1)).map((row) => row.slice(0, 9))).toEqual(expected);
			for (const row of rows.slice(1)) {
				// Phone and postal code are text, with their zeros and without an apostrophe.
				expect([row[5]?.t, row[7]?.t]).toEqual(['s', 's']);
			}
			expect(rows[2]![9]).toMatchObject({ t: 'd', v: new Date('2026-03-02T10:15:00Z') });
		}

		// The .xlsx: typed cells, the typed text exactly as entered (a text cell never runs).
		const rows = readSheet(
			await bytesOf(xlsxStream(attendeeSheet(database.db, ev.id, { labels })))
		);
		expect(formulaCells(rows)).toEqual([]);
		expect(valuesOf(rows.slice(1)).map((row) => row.slice(0, 9))).toEqual([
			expected[0]!.map((value) => (value === "'-Svensson" ? '-Svensson' : value)),
			expected[1]!.map((value) =>
				typeof value === 'string' ? value.replace(/(^|[;,])'/, '$1') : value
			)
		]);
		expect(rows[0]!.map((cell) => cell?.v)).toEqual(Object.values(labels.columns));
		for (const row of rows.slice(1)) expect([row[5]?.t, row[7]?.t]).toEqual(['s', 's']);
		expect(rows[2]![9]?.t).toBe('d');
		const registered = rows[2]![9]!.v as Date;
		expect(Math.round(registered.getTime() / 1000) * 1000).toBe(Date.parse('2026-03-02T10:15:00Z'));
	});

	it('reads the database batch by batch as the download proceeds', async () => {
		const ev = await makeEvent(database.db, { capacity: 2000 });
		const crowd: SeedRow[] = Array.from({ length: 1200 }, (_, i) => ({
			firstName: `Etu${String(i).padStart(4, '0')}`,
			lastName: 'Joukko'
		}));
		await seedRegistrants(database.db, ev, crowd);
		const chunks = attendeeCsv(database.db, ev.id, { labels, batchSize: 500 });
		const header = await chunks.next();
		const firstBatch = await chunks.next();
		expect(header.value).toMatch(/^\uFEFF"Status";/);
		expect((firstBatch.value as string).split('\r\n')).toHaveLength(501);
		// Someone signs up while the first batch is on its way: a generator that had read everything
		// up front would not have them; this one reads the later batches only now.
		await seedRegistrants(database.db, ev, [{ firstName: 'Myöhäinen', lastName: 'Zetterberg' }]);
		const rest = await collect({ [Symbol.asyncIterator]: () => chunks });
		expect(rest.split('\r\n').filter(Boolean)).toHaveLength(701);
		expect(rest).toContain(';"Myöhäinen";"Zetterberg";');
		// Keyset paging neither repeats nor skips anyone between batches.
		const names = (firstBatch.value + rest).match(/Etu\d{4}/g)!;
		expect(new Set(names).size).toBe(1200);
	});

	it('keeps no batch of rows behind and reads no more once the download stops', async () => {
		const ev = await makeEvent(database.db, { capacity: 2000 });
		await seedRegistrants(
			database.db,
			ev,
			Array.from({ length: 1200 }, (_, i) => ({ firstName: `Etu${i}`, lastName: 'Kesken' }))
		);
		// What the driver resolved each query with, as it stays referenced by its settled promise.
		const results: unknown[] = [];
		const watched = new Proxy(database.db, {
			get(target, key, receiver) {
				if (key !== 'execute') return Reflect.get(target, key, receiver);
				return async (query: Parameters<Database['db']['execute']>[0]) => {
					const result: unknown = await target.execute(query);
					results.push(result);
					return result;
				};
			}
		});

		const chunks = attendeeCsv(watched, ev.id, { labels, batchSize: 500 });
		await chunks.next();
		const firstBatch = await chunks.next();
		expect((firstBatch.value as string).split('\r\n')).toHaveLength(501);
		expect(results).toHaveLength(1);
		// Left full, the driver's result would keep all 500 rows in memory until a full collection.
		expect(rowsOf(results[0])).toHaveLength(0);

		// The download is cancelled (the route's stream returns the generator): no further batch.
		await chunks.return(undefined);
		expect((await chunks.next()).done).toBe(true);
		expect(results).toHaveLength(1);
	});

	it('records the export with its row count before the first row leaves', async () => {
		const ev = await makeEvent(database.db);
		await seedRegistrants(database.db, ev, [
			{ firstName: 'Yksi', lastName: 'Ihminen' },
			{ firstName: 'Kaksi', lastName: 'Ihminen', status: 'cancelled' }
		]);
		const { count, sheet } = await exportAttendees(
			database.db,
			staff,
			ev.id,
			{ format: 'csv', separator: ';' },
			{ labels, status: 'confirmed' }
		);
		expect(count).toBe(1);
		const audits = await auditFor(database.db, 'attendees.exported', ev.id);
		expect(audits.map((a) => [a.actorId, a.count, a.details])).toEqual([
			[staff.id, 1, { status: 'confirmed', format: 'csv', separator: ';' }]
		]);
		expect((await collect(csvChunks(sheet, ';'))).split('\r\n').filter(Boolean)).toHaveLength(2);

		const xlsx = await exportAttendees(database.db, staff, ev.id, { format: 'xlsx' }, { labels });
		expect(xlsx.count).toBe(2);
		expect((await auditFor(database.db, 'attendees.exported', ev.id)).at(-1)).toMatchObject({
			actorId: staff.id,
			count: 2,
			details: { status: 'all', format: 'xlsx' }
		});
		expect(readSheet(await bytesOf(xlsxStream(xlsx.sheet)))).toHaveLength(3);
	});
});
