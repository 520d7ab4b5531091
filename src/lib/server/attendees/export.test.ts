import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { attendeeCsv, exportAttendees, type CsvLabels } from './index';
import { csvField, csvLine, csvTime } from './csv';
import { auditFor, makeStaff, seedRegistrants, type SeedRow } from './test-helpers';
import { DATABASE_KINDS, openTestDatabase } from '../../../../tests/support/databases';
import { makeEvent } from '../../../../tests/support/factories';

const labels: CsvLabels = {
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

async function collect(chunks: AsyncIterable<string>) {
	let text = '';
	for await (const chunk of chunks) text += chunk;
	return text;
}

describe('CSV fields', () => {
	it('quotes separators, quotes and line breaks, and only when needed', () => {
		expect(csvField('Virtanen', ';')).toBe('Virtanen');
		expect(csvField('Oy; Ab', ';')).toBe('"Oy; Ab"');
		expect(csvField('Oy, Ab', ';')).toBe('Oy, Ab');
		expect(csvField('Oy, Ab', ',')).toBe('"Oy, Ab"');
		expect(csvField('"Iso" Kalle', ';')).toBe('"""Iso"" Kalle"');
		expect(csvField('rivi\nrivi', ';')).toBe('"rivi\nrivi"');
		expect(csvField('rivi\r\nrivi', ';')).toBe('"rivi\r\nrivi"');
		expect(csvField(null, ';')).toBe('');
		expect(csvField(3, ';')).toBe('3');
		expect(csvLine(['a', null, 'c'], ';')).toBe('a;;c\r\n');
	});

	it('keeps spreadsheet formulas inert', () => {
		expect(csvField('=HYPERLINK("http://example.com")', ';')).toBe(
			'"\'=HYPERLINK(""http://example.com"")"'
		);
		expect(csvField('+358401234567', ';')).toBe("'+358401234567");
		expect(csvField('@SUM(A1)', ',')).toBe("'@SUM(A1)");
		expect(csvField('-1', ';')).toBe("'-1");
	});

	it('writes times in Finnish time', () => {
		expect(csvTime(new Date('2026-07-01T06:30:00Z'))).toBe('2026-07-01 09:30');
		expect(csvTime(new Date('2026-01-15T06:30:00Z'))).toBe('2026-01-15 08:30');
		expect(csvTime(null)).toBeNull();
	});
});

describe.each(DATABASE_KINDS)('the attendee export on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		staff = await makeStaff(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

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
			'Status;Waiting list place;First name;Last name;Email;Phone;Street address;Postal code;City;Registered at;Checked in at'
		);
		expect(lines[1]).toMatch(/^Confirmed;;Bertta;Aalto;;;;;;\d{4}-\d\d-\d\d \d\d:\d\d;$/);
		expect(lines[2]).toBe(
			'Confirmed;;"Äijä ""Iso""";"Öhman; Ab";aija@example.fi;\'+358401234567;"Pollenkuja 6\nB 12";20380;Turku;2026-03-02 10:15;2026-03-10 09:00'
		);
		expect(lines[3]).toMatch(/^Waiting;1;Waltteri;Jonola;/);
		expect(lines[4]).toMatch(/^Waiting;2;Venla;Jonola;/);
		expect(lines[5]).toMatch(/^Cancelled;;Cecilia;Peruttu;/);
		expect(lines[6]).toBe('');
		expect(lines).toHaveLength(7);

		const comma = await collect(
			attendeeCsv(database.db, ev.id, { labels, separator: ',', status: 'waitlisted' })
		);
		expect(comma.slice(1).split('\r\n')[0]).toMatch(/^Status,Waiting list place,First name,/);
		expect(comma.slice(1).split('\r\n').slice(1, -1)).toEqual([
			expect.stringMatching(/^Waiting,1,Waltteri,Jonola,/),
			expect.stringMatching(/^Waiting,2,Venla,Jonola,/)
		]);
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
		expect(header.value).toMatch(/^\uFEFFStatus;/);
		expect((firstBatch.value as string).split('\r\n')).toHaveLength(501);
		// Someone signs up while the first batch is on its way: a generator that had read everything
		// up front would not have them; this one reads the later batches only now.
		await seedRegistrants(database.db, ev, [{ firstName: 'Myöhäinen', lastName: 'Zetterberg' }]);
		const rest = await collect({ [Symbol.asyncIterator]: () => chunks });
		expect(rest.split('\r\n').filter(Boolean)).toHaveLength(701);
		expect(rest).toContain(';Myöhäinen;Zetterberg;');
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
		const rowsOf = (result: unknown) =>
			Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;

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
		const { count, chunks } = await exportAttendees(database.db, staff, ev.id, {
			labels,
			status: 'confirmed'
		});
		expect(count).toBe(1);
		const audits = await auditFor(database.db, 'attendees.exported', ev.id);
		expect(audits.map((a) => [a.actorId, a.count, a.details])).toEqual([
			[staff.id, 1, { status: 'confirmed', separator: ';' }]
		]);
		expect((await collect(chunks)).split('\r\n').filter(Boolean)).toHaveLength(2);
	});
});
