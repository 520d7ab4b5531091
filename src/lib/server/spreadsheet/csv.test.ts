import { describe, expect, it } from 'vitest';
import { csvChunks } from './csv';
import type { Column, CsvSeparator, Row, Sheet } from './sheet';
import {
	formulaCells,
	formulaLikeCells,
	readSheet,
	textOf,
	valuesOf
} from '$tests/spreadsheet-reader';

const columns: Column[] = [
	{ header: 'Last name', kind: 'text' },
	{ header: 'City', kind: 'text' },
	{ header: 'Phone', kind: 'phone' },
	{ header: 'Postal code', kind: 'postalCode' },
	{ header: 'Place', kind: 'integer' },
	{ header: 'Registered at', kind: 'minute' },
	{ header: 'At', kind: 'second' }
];

function sheetOf(rows: Row[]): Sheet {
	return {
		name: 'Test',
		columns,
		batches: (async function* () {
			yield rows;
		})()
	};
}

const encode = (text: string) => new TextEncoder().encode(text);
const csv = async (rows: Row[], separator: CsvSeparator) =>
	textOf(csvChunks(sheetOf(rows), separator));

const HOSTILE: Row[] = [
	['Virtanen;=1+1;', 'Turku,=2+2,', null, null, null, null, null],
	['=HYPERLINK("http://example.com")', '@SUM(A1)', null, null, null, null, null],
	['-1', '+Oy', null, null, null, null, null],
	['"Iso" Kalle', 'rivi\nrivi', null, null, null, null, null],
	['\tSisennys', 'Tab\tin', null, null, null, null, null],
	['x;"=4+4";', 'rivi\n=3+3', null, null, null, null, null]
];

describe('the CSV writer', () => {
	it.each([';', ','] as const)(
		'keeps typed text in its cell and out of formulas, read with either separator (%s file)',
		async (separator) => {
			const text = await csv(HOSTILE, separator);
			// Readers that take a quote only at the start of a field split inside the text too.
			expect(formulaLikeCells(text)).toEqual([]);
			const bytes = encode(text);
			const other = separator === ';' ? ',' : ';';
			// Finnish Excel splits on semicolons whatever the file uses; other readers on commas.
			expect(formulaCells(readSheet(bytes, { separator: other }))).toEqual([]);
			const read = readSheet(bytes, { separator });
			expect(formulaCells(read)).toEqual([]);
			expect(valuesOf(read).map((row) => row.slice(0, 2))).toEqual([
				['Last name', 'City'],
				["Virtanen;'=1+1;", "Turku,'=2+2,"],
				[`'=HYPERLINK("http://example.com")`, "'@SUM(A1)"],
				["'-1", "'+Oy"],
				['"Iso" Kalle', 'rivi\nrivi'],
				["'\tSisennys", 'Tab\tin'],
				[`x;"'=4+4";`, "rivi\n'=3+3"]
			]);
			for (const row of read) for (const cell of row.slice(0, 2)) expect(cell?.t).toBe('s');
		}
	);

	it('writes phone numbers and postal codes so that a spreadsheet keeps them as text', async () => {
		const rows: Row[] = [
			['A', 'B', '+358401234567', '00100', 1, new Date('2026-07-01T06:30:00Z'), null],
			['A', 'B', '+35821234567', '20100', 12, null, new Date('2026-01-15T06:30:05Z')],
			['A', 'B', '+46701234567', '99999', null, null, null],
			['A', 'B', '+12025550123', 'SE-123 45', null, null, null],
			['A', 'B', '+999123', '=1+1', null, null, null]
		];
		for (const separator of [';', ','] as const) {
			const text = await csv(rows, separator);
			// No apostrophe in front of any number: it would show in the cell.
			expect(text).not.toContain("'+358");
			const read = readSheet(encode(text), { separator });
			expect(formulaCells(read)).toEqual([]);
			const cells = read.slice(1);
			expect(cells.map((row) => [row[2]?.t, row[2]?.v])).toEqual([
				['s', '040 1234567'],
				['s', '02 1234567'],
				['s', '00 46 70 123 45 67'],
				['s', '00 1 202 555 0123'],
				// Not a valid number: written as the text it is, kept from running.
				['s', "'+999123"]
			]);
			expect(cells.map((row) => [row[3]?.t, row[3]?.v])).toEqual([
				['s', '00100'],
				['s', '20100'],
				['s', '99999'],
				['s', 'SE-123 45'],
				['s', "'=1+1"]
			]);
			expect(cells.map((row) => row[4]?.v ?? null)).toEqual([1, 12, null, null, null]);
			expect(cells[0]![4]?.t).toBe('n');
			// Finnish time, read as a time (SheetJS gives it back as a zone-less date in UTC fields).
			expect(cells[0]![5]).toMatchObject({ t: 'd', v: new Date('2026-07-01T09:30:00Z') });
			expect(cells[1]![6]).toMatchObject({ t: 'd', v: new Date('2026-01-15T08:30:05Z') });
		}
	});

	it('starts with a byte order mark, ends each record with CRLF and quotes every text field', async () => {
		const text = await csv(
			[['Aalto', null, '+358401234567', '00100', 2, new Date('2026-07-01T06:30:00Z'), null]],
			';'
		);
		expect(text).toBe(
			'\uFEFF"Last name";"City";"Phone";"Postal code";"Place";"Registered at";"At"\r\n' +
				'"Aalto";;"040 1234567";"=""00100""";2;2026-07-01 09:30;\r\n'
		);
	});
});
