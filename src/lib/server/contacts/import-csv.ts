/**
 * Reading the contact register's CSV format: bytes → text → a table of known columns. Knows
 * nothing of the database; import.ts decides what the rows mean.
 */
import { multiLine } from '../../schemas/text';

/** The columns of the format, in the order the export writes them. */
export const IMPORT_COLUMNS = [
	'name',
	'businessId',
	'street',
	'postalCode',
	'city',
	'email',
	'phone',
	'customerStatus',
	'notes',
	'contactFirstName',
	'contactLastName',
	'contactEmail',
	'contactPhone',
	'contactTitle'
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The headers the export writes; the import reads them, and the Finnish and other names below. */
export const COLUMN_HEADERS: Record<ImportColumn, string> = {
	name: 'name',
	businessId: 'business_id',
	street: 'street',
	postalCode: 'postal_code',
	city: 'city',
	email: 'email',
	phone: 'phone',
	customerStatus: 'customer_status',
	notes: 'notes',
	contactFirstName: 'contact_first_name',
	contactLastName: 'contact_last_name',
	contactEmail: 'contact_email',
	contactPhone: 'contact_phone',
	contactTitle: 'contact_title'
};

/** The Finnish headers the import page suggests (any spelling headerKey() equates works too). */
export const FINNISH_HEADERS: Record<ImportColumn, string> = {
	name: 'nimi',
	businessId: 'y-tunnus',
	street: 'katuosoite',
	postalCode: 'postinumero',
	city: 'postitoimipaikka',
	email: 'sähköposti',
	phone: 'puhelin',
	customerStatus: 'asiakkuus',
	notes: 'muistiinpanot',
	contactFirstName: 'etunimi',
	contactLastName: 'sukunimi',
	contactEmail: 'yhteyshenkilön sähköposti',
	contactPhone: 'yhteyshenkilön puhelin',
	contactTitle: 'titteli'
};

/** Other names a customer system or a person may give a column, compared as headerKey() makes them. */
const ALIASES: Record<ImportColumn, string[]> = {
	name: [
		'nimi',
		'organisation',
		'organization',
		'organisaatio',
		'organisationname',
		'company',
		'yritys'
	],
	businessId: ['ytunnus', 'businessid', 'yritystunnus'],
	street: ['katuosoite', 'address', 'osoite', 'streetaddress'],
	postalCode: ['postinumero', 'postcode', 'zip', 'zipcode'],
	city: ['postitoimipaikka', 'kaupunki', 'town'],
	email: ['sähköposti', 'sahkoposti', 'email', 'emailaddress'],
	phone: ['puhelin', 'puhelinnumero', 'phonenumber', 'telephone'],
	customerStatus: ['asiakkuus', 'customerstatus', 'status'],
	notes: ['muistiinpanot', 'huomiot', 'lisätiedot', 'note'],
	contactFirstName: ['etunimi', 'firstname', 'contactfirstname'],
	contactLastName: ['sukunimi', 'lastname', 'contactlastname'],
	contactEmail: ['contactemail', 'yhteyshenkilönsähköposti', 'henkilönsähköposti'],
	contactPhone: ['contactphone', 'yhteyshenkilönpuhelin', 'henkilönpuhelin'],
	contactTitle: ['contacttitle', 'titteli', 'title', 'tehtävänimike', 'rooli']
};

/** Case, spaces, hyphens and underscores do not matter: "Y-tunnus", "ytunnus", "business_id". */
export function headerKey(header: string): string {
	return header
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');
}

const COLUMN_BY_KEY = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
	COLUMN_BY_KEY.set(headerKey(COLUMN_HEADERS[column]), column);
	COLUMN_BY_KEY.set(headerKey(FINNISH_HEADERS[column]), column);
	for (const alias of ALIASES[column]) COLUMN_BY_KEY.set(headerKey(alias), column);
}

/** What can be wrong with a file as a whole; `row` counts records as a spreadsheet numbers rows. */
export type CsvProblem =
	| { kind: 'encoding' }
	| { kind: 'empty' }
	| { kind: 'unterminatedQuote'; row: number }
	| { kind: 'textAfterQuote'; row: number }
	| { kind: 'missingNameColumn' }
	| { kind: 'duplicateColumn'; column: string }
	| { kind: 'tooManyCells'; row: number }
	| { kind: 'tooManyRows'; max: number };

export type CsvResult<T> = { ok: true; value: T } | { ok: false; problem: CsvProblem };

/** More rows than a customer system export of a truck dealer holds; the import runs in one transaction. */
export const MAX_ROWS = 10_000;

/**
 * The text of an uploaded file. Only UTF-8 is accepted (with or without a byte order mark): a
 * Windows-1252 file from Excel's plain "CSV" would otherwise turn ä and ö into other letters
 * without anyone noticing.
 */
export function decodeCsv(bytes: Uint8Array): CsvResult<string> {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return { ok: false, problem: { kind: 'encoding' } };
	}
	return { ok: true, value: normaliseCsvText(text) };
}

/**
 * The text as the import reads it, the same whether it came from the upload or back from the
 * preview page: no byte order mark, every line break a line feed (browsers send form fields with
 * CRLF), no control characters.
 */
export function normaliseCsvText(text: string): string {
	// Tabs and line feeds are kept; the rest would not survive the preview page's hidden field.
	return multiLine(text.replace(/^\uFEFF/, ''));
}

export type Delimiter = ';' | ',';

/**
 * Semicolon or comma, whichever the header row uses more of outside quotes: Finnish Excel writes
 * semicolons, most systems commas. A one-column file has neither; it makes no difference then.
 */
export function detectDelimiter(text: string): Delimiter {
	let semicolons = 0;
	let commas = 0;
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && char === '\n') break;
		else if (!quoted && char === ';') semicolons++;
		else if (!quoted && char === ',') commas++;
	}
	return commas > semicolons ? ',' : ';';
}

/**
 * RFC 4180 records: fields in double quotes may hold the delimiter, line breaks and doubled
 * quotes; a quote inside an unquoted field is taken as it is. Expects normaliseCsvText's output.
 */
export function parseRecords(text: string, delimiter: Delimiter): CsvResult<string[][]> {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	let closed = false;
	let quoteRow = 0;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted) {
			if (char !== '"') field += char;
			else if (text[i + 1] === '"') {
				field += '"';
				i++;
			} else {
				quoted = false;
				closed = true;
			}
		} else if (char === delimiter || char === '\n') {
			record.push(field);
			field = '';
			closed = false;
			if (char === '\n') {
				records.push(record);
				record = [];
			}
		} else if (closed) {
			// Spaces after a closing quote are harmless; anything else means the quoting is broken.
			if (char !== ' ' && char !== '\t') {
				return { ok: false, problem: { kind: 'textAfterQuote', row: records.length + 1 } };
			}
		} else if (char === '"' && field === '') {
			quoted = true;
			quoteRow = records.length + 1;
		} else {
			field += char;
		}
	}
	if (quoted) return { ok: false, problem: { kind: 'unterminatedQuote', row: quoteRow } };
	if (field !== '' || closed || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	return { ok: true, value: records };
}

export type RowValues = Partial<Record<ImportColumn, string>>;

export interface CsvTable {
	delimiter: Delimiter;
	/** Headers that name no known column: shown to staff, their cells are not read. */
	ignored: string[];
	/** Rows with at least one non-empty cell; `row` is the spreadsheet row (the header is row 1). */
	rows: { row: number; values: RowValues }[];
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** The file's rows by known column; blank rows are left out, as a spreadsheet user expects. */
export function readTable(text: string): CsvResult<CsvTable> {
	const delimiter = detectDelimiter(text);
	const parsed = parseRecords(text, delimiter);
	if (!parsed.ok) return parsed;
	const records = parsed.value;
	const headerIndex = records.findIndex((cells) => !isBlank(cells));
	if (headerIndex < 0) return { ok: false, problem: { kind: 'empty' } };
	const header = records[headerIndex]!;

	const columns: (ImportColumn | null)[] = [];
	const ignored: string[] = [];
	for (const cell of header) {
		const column = COLUMN_BY_KEY.get(headerKey(cell)) ?? null;
		if (column && columns.includes(column)) {
			return { ok: false, problem: { kind: 'duplicateColumn', column: cell.trim() } };
		}
		if (!column && cell.trim() !== '') ignored.push(cell.trim());
		columns.push(column);
	}
	if (!columns.includes('name')) return { ok: false, problem: { kind: 'missingNameColumn' } };

	const rows: CsvTable['rows'] = [];
	for (let index = headerIndex + 1; index < records.length; index++) {
		const cells = records[index]!;
		if (isBlank(cells)) continue;
		const row = index + 1;
		if (!isBlank(cells.slice(columns.length))) {
			return { ok: false, problem: { kind: 'tooManyCells', row } };
		}
		if (rows.length === MAX_ROWS)
			return { ok: false, problem: { kind: 'tooManyRows', max: MAX_ROWS } };
		const values: RowValues = {};
		columns.forEach((column, i) => {
			if (column) values[column] = cells[i] ?? '';
		});
		rows.push({ row, values });
	}
	return { ok: true, value: { delimiter, ignored, rows } };
}
