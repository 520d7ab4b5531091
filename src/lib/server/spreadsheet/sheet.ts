/**
 * The shape every export hands to the writers: columns that say what kind of value they hold, and
 * rows in batches read only when the writer asks for more. The writers (csv.ts, xlsx.ts) decide how
 * each kind is written, so every export is safe and readable in the same way.
 */
import { EVENT_TIME_ZONE } from '../../datetime';
import { formatPhoneFromFinland } from '../phone';

/**
 * - `text`: anything a person typed; never run as a formula.
 * - `phone`: E.164 as stored, written as dialled from Finland (see formatPhoneFromFinland).
 * - `postalCode`: kept as text, so 00100 keeps its zeros.
 * - `minute`, `second`: a time, shown in Finnish time to the minute or to the second.
 * - `integer`: a count or a place in a queue.
 */
export type ColumnKind = 'text' | 'phone' | 'postalCode' | 'minute' | 'second' | 'integer';

export interface Column {
	header: string;
	kind: ColumnKind;
}

export type Cell = string | number | Date | null | undefined;
export type Row = Cell[];

export interface Sheet {
	/** The worksheet's name in an .xlsx file. */
	name: string;
	columns: readonly Column[];
	/** Rows a batch at a time; `return()` stops the reading when a download is abandoned. */
	batches: AsyncGenerator<Row[], void, undefined>;
}

/** A staff export's words, in the staff member's language: the domain knows no translations. */
export interface SheetLabels<C extends string> {
	/** The worksheet's name in an .xlsx file. */
	sheet: string;
	columns: Record<C, string>;
}

/** What every staff export takes, besides what it filters by. */
export interface SheetOptions<L> {
	labels: L;
	/** Rows read per query; each batch is written out before the next is read. */
	batchSize?: number;
}

/** Rows an export reads per query unless told otherwise. */
export const DEFAULT_BATCH = 500;

/** A sheet of columns in the given order, each with its kind and its header from the labels. */
export function labelledSheet<C extends string>(
	labels: SheetLabels<C>,
	order: readonly C[],
	kinds: Record<C, ColumnKind>,
	batches: Sheet['batches']
): Sheet {
	return {
		name: labels.sheet,
		columns: order.map((column) => ({ header: labels.columns[column], kind: kinds[column] })),
		batches
	};
}

export type SheetFormat = 'csv' | 'xlsx';

/** Finnish Excel splits on semicolons (the comma is the decimal mark); comma is the other choice. */
export type CsvSeparator = ';' | ',';

/** Which file a download is: .xlsx, or CSV with its separator. */
export type SheetFile = { format: 'xlsx' } | { format: 'csv'; separator: CsvSeparator };

/** What an export's audit event records of the file. */
export function fileDetails(file: SheetFile): { format: SheetFormat; separator?: CsvSeparator } {
	return file.format === 'csv' ? { format: 'csv', separator: file.separator } : { format: 'xlsx' };
}

/** A stored phone number as a spreadsheet should show it; a value that is no number stays as it is. */
export function phoneText(stored: string): string {
	return formatPhoneFromFinland(stored) ?? stored;
}

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: EVENT_TIME_ZONE,
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	second: 'numeric',
	hourCycle: 'h23'
});

/**
 * The instant as Finnish wall-clock time, carried in a Date's UTC fields. Spreadsheet times have no
 * zone: a cell holds the time as read on a clock, and staff read Finnish clocks.
 */
export function finnishWallClock(date: Date): Date {
	const parts: Record<string, number> = {};
	for (const part of wallClockFormat.formatToParts(date)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return new Date(
		Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
	);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-05-14 09:30" (or with seconds) in Finnish time: a form every spreadsheet reads as a time. */
export function finnishTimeText(date: Date, seconds: boolean): string {
	const t = finnishWallClock(date);
	const text =
		`${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
		`${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
	return seconds ? `${text}:${pad(t.getUTCSeconds())}` : text;
}

/** Batches of an array already in memory, so a list that must be read whole streams out alike. */
export async function* batchesOf<T>(
	items: readonly T[],
	toRow: (item: T) => Row,
	size = 500
): AsyncGenerator<Row[], void, undefined> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size).map(toRow);
}
