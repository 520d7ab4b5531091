import { EVENT_TIME_ZONE } from '../../datetime';

/** Finnish Excel splits on semicolons (the comma is the decimal mark); comma is the other choice. */
export type CsvSeparator = ';' | ',';

/** Excel only reads a CSV file as UTF-8, so ä and ö survive, when it starts with a byte order mark. */
export const BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula; a
 * registrant could type one as their name. A leading apostrophe makes it text (OWASP's advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Made once: a literal in the function would be a new RegExp object for every cell. */
const NEEDS_QUOTES = /["\r\n]/;

export function csvField(value: string | number | null | undefined, separator: CsvSeparator) {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	if (text.includes(separator) || NEEDS_QUOTES.test(text)) {
		text = `"${text.replace(/"/g, '""')}"`;
	}
	return text;
}

/** One record with CRLF, as RFC 4180 and Excel expect. */
export function csvLine(values: (string | number | null | undefined)[], separator: CsvSeparator) {
	return `${values.map((value) => csvField(value, separator)).join(separator)}\r\n`;
}

const timeFormat = new Intl.DateTimeFormat('sv-SE', {
	timeZone: EVENT_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** "2026-05-14 09:30" in Finnish time: a form every spreadsheet recognises as a date and time. */
export function csvTime(date: Date | null): string | null {
	return date ? timeFormat.format(date) : null;
}
