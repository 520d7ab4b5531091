import { describe, expect, it } from 'vitest';
import { xlsxStream } from './xlsx';
import type { Column, Row, Sheet } from './sheet';
import { bytesOf, formulaCells, readSheet, valuesOf } from '$tests/spreadsheet-reader';

const columns: Column[] = [
	{ header: 'Last name', kind: 'text' },
	{ header: 'Phone', kind: 'phone' },
	{ header: 'Postal code', kind: 'postalCode' },
	{ header: 'Place', kind: 'integer' },
	{ header: 'Registered at', kind: 'minute' },
	{ header: 'At', kind: 'second' }
];

/** A sheet whose batches count how many of them have been read. */
function countingSheet(batches: Row[][]): { sheet: Sheet; read: () => number } {
	let read = 0;
	return {
		read: () => read,
		sheet: {
			name: 'Osallistujat: [kaikki]',
			columns,
			batches: (async function* () {
				for (const batch of batches) {
					read++;
					yield batch;
				}
			})()
		}
	};
}

describe('the .xlsx writer', () => {
	it('writes typed cells: text for names, phones and postal codes, dates for times', async () => {
		const { sheet } = countingSheet([
			[
				[
					'=HYPERLINK("http://example.com")',
					'+358401234567',
					'00100',
					1,
					new Date('2026-07-01T06:30:00Z'),
					new Date('2026-01-15T06:30:05Z')
				],
				['Virtanen;=1+1;', '+46701234567', '20100', null, null, null],
				['rivi\nrivi', '+999123', 'SE-123 45', 2, null, null]
			]
		]);
		const bytes = await bytesOf(xlsxStream(sheet));
		const rows = readSheet(bytes);
		expect(formulaCells(rows)).toEqual([]);
		// SheetJS turns the stored day fraction back into a Date a millisecond off at times.
		for (const row of rows) {
			for (const cell of row) {
				if (cell?.v instanceof Date) cell.v = new Date(Math.round(cell.v.getTime() / 1000) * 1000);
			}
		}
		expect(valuesOf(rows)).toEqual([
			['Last name', 'Phone', 'Postal code', 'Place', 'Registered at', 'At'],
			[
				'=HYPERLINK("http://example.com")',
				'040 1234567',
				'00100',
				1,
				new Date('2026-07-01T09:30:00Z'),
				new Date('2026-01-15T08:30:05Z')
			],
			['Virtanen;=1+1;', '00 46 70 123 45 67', '20100', null, null, null],
			['rivi\nrivi', '+999123', 'SE-123 45', 2, null, null]
		]);
		const [, first, second] = rows;
		expect(first!.map((cell) => cell?.t)).toEqual(['s', 's', 's', 'n', 'd', 'd']);
		expect(second!.slice(0, 3).map((cell) => cell?.t)).toEqual(['s', 's', 's']);

		// Read without date conversion: the times are numbers with a date format, as Excel stores them.
		const raw = readSheet(bytes, { cellDates: false })[1]!;
		expect(raw[4]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm' });
		expect(raw[5]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm:ss' });
	});

	it('reads a batch only when the download has taken what came before', async () => {
		// Names that do not compress away, so each batch adds to the file.
		let seed = 1;
		const noise = () =>
			Array.from({ length: 40 }, () => {
				seed = (seed * 48271) % 2147483647;
				return String.fromCharCode(97 + (seed % 26));
			}).join('');
		const batches = Array.from({ length: 40 }, () =>
			Array.from({ length: 400 }, (): Row => [noise(), null, null, null, null, null])
		);
		const { sheet, read } = countingSheet(batches);
		const reader = xlsxStream(sheet).getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);
		const afterFirst = read();
		// Nobody asks for more: nothing more is read.
		await new Promise((resolve) => setImmediate(resolve));
		expect(read()).toBe(afterFirst);

		// Each piece leaves a few batches after the one before: the rows are compressed as they
		// come instead of waiting in memory, and the last piece is no larger than the others.
		const pieces: { read: number; size: number }[] = [];
		for (;;) {
			const next = await reader.read();
			if (next.done) break;
			pieces.push({ read: read(), size: next.value.length });
		}
		expect(read()).toBe(40);
		const gaps = pieces.slice(1).map((piece, i) => piece.read - pieces[i]!.read);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(3);
		expect(pieces.at(-1)!.size).toBeLessThan(64 * 1024);
		expect(pieces.reduce((sum, piece) => sum + piece.size, 0)).toBeGreaterThan(300_000);
	});

	it('stops reading when the download is cancelled', async () => {
		const { sheet, read } = countingSheet(
			Array.from({ length: 40 }, () => [['Nimi', null, null, null, null, null]])
		);
		const reader = xlsxStream(sheet).getReader();
		await reader.read();
		await reader.cancel();
		const stopped = read();
		expect(stopped).toBeLessThan(40);
		expect(await sheet.batches.next()).toEqual({ done: true, value: undefined });
	});
});
