import { describe, expect, it } from 'vitest';
import { csvFile, sheetDownload, XLSX_FILE } from './download';
import type { Sheet } from './sheet';
import { formulaCells, readSheet, valuesOf } from '$tests/spreadsheet-reader';
import { XLSX_TYPE } from './xlsx';

function sheet(): Sheet {
	return {
		name: 'Osallistujat',
		columns: [
			{ header: 'Sukunimi', kind: 'text' },
			{ header: 'Postinumero', kind: 'postalCode' }
		],
		batches: (async function* () {
			yield [['Virtanen;=1+1;', '00100']];
		})()
	};
}

describe('a spreadsheet download', () => {
	it('picks the separator from the query: comma on request, else the semicolon', () => {
		expect(csvFile(new URL('http://ilmo.test/x.csv?separator=comma'))).toEqual({
			format: 'csv',
			separator: ','
		});
		for (const query of ['', '?separator=semicolon', '?separator=%3B', '?separator=tab']) {
			expect(csvFile(new URL(`http://ilmo.test/x.csv${query}`))).toEqual({
				format: 'csv',
				separator: ';'
			});
		}
	});

	it.each([
		[csvFile(new URL('http://ilmo.test/x.csv')), 'text/csv; charset=utf-8'],
		[XLSX_FILE, XLSX_TYPE]
	])('is private, named by date and readable (%j)', async (file, type) => {
		const response = sheetDownload(sheet(), file, 'osallistujat-avoimet-ovet');
		expect(response.headers.get('content-type')).toBe(type);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-disposition')).toMatch(
			new RegExp(
				`^attachment; filename="osallistujat-avoimet-ovet-\\d{4}-\\d\\d-\\d\\d\\.${file.format}"$`
			)
		);
		const rows = readSheet(new Uint8Array(await response.arrayBuffer()), { separator: ';' });
		expect(formulaCells(rows)).toEqual([]);
		expect(valuesOf(rows)).toEqual([
			['Sukunimi', 'Postinumero'],
			// The CSV protects the formula a reader could split off; the workbook's text cell need not.
			[file.format === 'csv' ? "Virtanen;'=1+1;" : 'Virtanen;=1+1;', '00100']
		]);
	});
});
