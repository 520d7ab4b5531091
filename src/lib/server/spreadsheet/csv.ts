/**
 * CSV for spreadsheets, written by csv-stringify. Two dangers shape it:
 *
 * - Formulas. A cell that starts with = + - @ (or a tab or carriage return) runs as a formula, and a
 *   registrant types their own name. csv-stringify's `escape_formulas` puts an apostrophe before
 *   such text (OWASP's advice; the apostrophe shows, which is why phone numbers are written without
 *   a leading +).
 * - The other separator. Finnish Excel splits on semicolons whatever the file uses, so a comma file
 *   holding `Virtanen;=1+1;` would give it a cell `=1+1`. Every text field is therefore quoted:
 *   readers that split on the wrong character but follow the quotes keep it together. Not every
 *   reader does: one that honours a quote only at the very start of a field (Python's csv module,
 *   for one) loses track after the first field and starts a new cell at every separator and line
 *   break inside the text. So inside text, too, a formula character right after a semicolon, comma
 *   or line break (and any quotes) gets an apostrophe: `Virtanen;'=1+1;`. Only the writer's own
 *   numbers and times stand outside quotes.
 *
 * Spreadsheets guess a type for quoted fields too, so a postal code is written as the formula
 * `="00100"`, which Excel shows as the text 00100 (so does SheetJS, which the tests read it with).
 * Only digits are ever put inside it; any other postal code is written as text. LibreOffice
 * evaluates it only when its CSV import is told to evaluate formulas: the .xlsx download is the file
 * that needs no such care.
 */
import { stringify, type Options } from 'csv-stringify/sync';
import {
	finnishTimeText,
	phoneText,
	type Cell,
	type Column,
	type CsvSeparator,
	type Sheet
} from './sheet';

/** Excel only reads a CSV file as UTF-8, so ä and ö survive, when it starts with a byte order mark. */
const BOM = '\uFEFF';

const DIGITS = /^\d+$/;

/**
 * A formula character where a reader may start a new cell: after a separator of either kind or a
 * line break, and any quotes. The characters are `escape_formulas`' own, full-width forms included.
 */
const CELL_START_FORMULA = /([;,\r\n]"*)(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** Text with an apostrophe wherever a reader splitting it could find a formula (see above). */
export function neutraliseInside(text: string): string {
	return text.replace(CELL_START_FORMULA, "$1'");
}

function options(columns: readonly Column[], separator: CsvSeparator): Options {
	return {
		delimiter: separator,
		// CRLF, as RFC 4180 and Excel expect.
		record_delimiter: 'windows',
		quoted_string: true,
		// An empty text is an empty cell, as a missing one: nothing in it can run or split.
		quoted_empty: false,
		escape_formulas: true,
		cast: {
			string(value, context) {
				const kind = columns[context.index]?.kind;
				if (kind === 'postalCode' && DIGITS.test(value)) {
					return { value: `="${value}"`, escape_formulas: false };
				}
				return neutraliseInside(kind === 'phone' ? phoneText(value) : value);
			},
			date(value, context) {
				return finnishTimeText(value, columns[context.index]?.kind === 'second');
			}
		}
	};
}

/** One piece of CSV text: the given rows, each ending in CRLF. */
function csvRows(rows: Cell[][], options: Options) {
	return rows.length === 0 ? '' : stringify(rows, options);
}

/**
 * The sheet as CSV text, piece by piece: byte order mark and header first, then one string per
 * batch, each batch read only when the consumer asks for the next piece.
 */
export async function* csvChunks(
	sheet: Sheet,
	// Finnish Excel's own, so a double-click opens the file in columns.
	separator: CsvSeparator = ';'
): AsyncGenerator<string, void, undefined> {
	const { columns } = sheet;
	const headers = columns.map((column) => ({ ...column, kind: 'text' as const }));
	const rowOptions = options(columns, separator);
	try {
		yield BOM + csvRows([columns.map((column) => column.header)], options(headers, separator));
		for await (const rows of sheet.batches) yield csvRows(rows, rowOptions);
	} finally {
		// Also when the download stops early: the rows' reader ends its work.
		await sheet.batches.return(undefined);
	}
}
