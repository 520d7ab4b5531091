import { describe, expect, it } from 'vitest';
import {
	decodeCsv,
	detectDelimiter,
	headerKey,
	MAX_ROWS,
	normaliseCsvText,
	parseRecords,
	readTable
} from './import-csv';

const utf8 = (text: string) => new TextEncoder().encode(text);

function table(text: string) {
	const result = readTable(normaliseCsvText(text));
	if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.problem)}`);
	return result.value;
}

function problemOf(text: string) {
	const result = readTable(normaliseCsvText(text));
	return result.ok ? null : result.problem;
}

describe('decoding an uploaded file', () => {
	it('reads UTF-8 with or without a byte order mark', () => {
		expect(decodeCsv(utf8('nimi\nÄijälä Oy\n'))).toEqual({ ok: true, value: 'nimi\nÄijälä Oy\n' });
		expect(decodeCsv(utf8('\uFEFFnimi\nÄijälä Oy\n'))).toEqual({
			ok: true,
			value: 'nimi\nÄijälä Oy\n'
		});
	});

	it('refuses Windows-1252 (Excel’s plain “CSV”) instead of garbling ä and ö', () => {
		// "Äijälä" in Windows-1252: Ä = 0xC4, ä = 0xE4, each alone is not valid UTF-8.
		const bytes = new Uint8Array([
			0x6e, 0x69, 0x6d, 0x69, 0x0a, 0xc4, 0x69, 0x6a, 0xe4, 0x6c, 0xe4
		]);
		expect(decodeCsv(bytes)).toEqual({ ok: false, problem: { kind: 'encoding' } });
	});

	it('makes every line break a line feed and control characters spaces', () => {
		expect(normaliseCsvText('a;b\r\nc;d\re\u0000f\tg')).toBe('a;b\nc;d\ne f\tg');
	});
});

describe('reading records', () => {
	it('detects the delimiter from the header row, outside quotes', () => {
		expect(detectDelimiter('nimi;y-tunnus;kaupunki\nA, B;1;2')).toBe(';');
		expect(detectDelimiter('name,business_id\n"a;b;c",1')).toBe(',');
		expect(detectDelimiter('"name;with;semicolons",business_id,city\n')).toBe(',');
		expect(detectDelimiter('name\n')).toBe(';');
	});

	it('follows RFC 4180: quoted delimiters, line breaks and doubled quotes', () => {
		const parsed = parseRecords('a;"b;c";"say ""hi"""\n"two\nlines";x;\n', ';');
		expect(parsed).toEqual({
			ok: true,
			value: [
				['a', 'b;c', 'say "hi"'],
				['two\nlines', 'x', '']
			]
		});
		expect(parseRecords('a,b', ',')).toEqual({ ok: true, value: [['a', 'b']] });
		expect(parseRecords('a,"b"', ',')).toEqual({ ok: true, value: [['a', 'b']] });
		expect(parseRecords('a 5" tyre,b', ',')).toEqual({ ok: true, value: [['a 5" tyre', 'b']] });
	});

	it('names the row of an unterminated quote and of text after a closing quote', () => {
		expect(parseRecords('name\nok\n"open\nstill open\n', ';')).toEqual({
			ok: false,
			problem: { kind: 'unterminatedQuote', row: 3 }
		});
		expect(parseRecords('name;city\n"Oy" Ab;Turku\n', ';')).toEqual({
			ok: false,
			problem: { kind: 'textAfterQuote', row: 2 }
		});
		expect(parseRecords('name;city\n"Oy"  ;Turku\n', ';')).toEqual({
			ok: true,
			value: [
				['name', 'city'],
				['Oy', 'Turku']
			]
		});
	});
});

describe('reading the table', () => {
	it('knows the columns by their English and Finnish names, in any case and spelling', () => {
		expect(headerKey(' Y-tunnus ')).toBe('ytunnus');
		const result = table(
			'Nimi;Y-tunnus;Katuosoite;Postinumero;Postitoimipaikka;Sähköposti;Puhelin;Asiakkuus;' +
				'Muistiinpanot;Etunimi;Sukunimi;Contact email;contact_phone;Titteli;Extra\n' +
				'Kuljetus Oy;1234567-1;Tie 1;20100;Turku;a@b.fi;02 123;nykyinen;;Aino;Ahola;aino@b.fi;;CEO;x\n'
		);
		expect(result.ignored).toEqual(['Extra']);
		expect(result.rows).toEqual([
			{
				row: 2,
				values: {
					name: 'Kuljetus Oy',
					businessId: '1234567-1',
					street: 'Tie 1',
					postalCode: '20100',
					city: 'Turku',
					email: 'a@b.fi',
					phone: '02 123',
					customerStatus: 'nykyinen',
					notes: '',
					contactFirstName: 'Aino',
					contactLastName: 'Ahola',
					contactEmail: 'aino@b.fi',
					contactPhone: '',
					contactTitle: 'CEO'
				}
			}
		]);
	});

	it('numbers rows as a spreadsheet does and leaves blank rows out', () => {
		const result = table('name,city\r\n\r\n,\r\nA Oy,"Turku\r\nkeskusta"\r\nB Oy,\r\n');
		expect(result.delimiter).toBe(',');
		expect(result.rows).toEqual([
			{ row: 4, values: { name: 'A Oy', city: 'Turku\nkeskusta' } },
			{ row: 5, values: { name: 'B Oy', city: '' } }
		]);
	});

	it('refuses a file without rows, without a name column or with a column twice', () => {
		expect(problemOf('')).toEqual({ kind: 'empty' });
		expect(problemOf('\n;;\n')).toEqual({ kind: 'empty' });
		expect(problemOf('business_id;city\n1234567-1;Turku\n')).toEqual({ kind: 'missingNameColumn' });
		expect(problemOf('name;nimi\nA;B\n')).toEqual({ kind: 'duplicateColumn', column: 'nimi' });
	});

	it('refuses a row with more cells than headers, unless the extra cells are empty', () => {
		expect(problemOf('name;city\nA;Turku;;\n')).toBeNull();
		expect(problemOf('name;city\nA;Turku\nB;Turku;oops\n')).toEqual({
			kind: 'tooManyCells',
			row: 3
		});
	});

	it('caps the number of rows', () => {
		const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `Org ${i}`).join('\n');
		expect(problemOf(`name\n${rows}\n`)).toEqual({ kind: 'tooManyRows', max: MAX_ROWS });
	});
});
