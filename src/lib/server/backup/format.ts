/**
 * The backup file format, version 1: gzip of newline-delimited JSON (optionally encrypted, see
 * crypto.ts).
 *
 *   line 1            header   { format: 'ilmo-backup', formatVersion: 1, createdAt, schemaVersion, tables }
 *   per table         section  { table, columns, json, rows }   then `rows` lines, one JSON object per row
 *   last line         trailer  { end: 'ilmo-backup', rows: { table: count }, sha256 }
 *
 * Row lines are PostgreSQL's own `row_to_json` text, written and loaded without being parsed in
 * JavaScript, so numbers beyond 2^53, bytea, timestamps with microseconds and jsonb survive exactly.
 * A section announces its row count because a row may have a column called `table`: counting is
 * the only unambiguous way to tell rows from the next section. Values of the json/jsonb columns
 * listed in `json` are wrapped in a one-element array: row_to_json writes both SQL NULL and the
 * JSON value null as `null`, and the wrapping keeps them apart. The trailer's sha256 covers every
 * byte before it, so a truncated or altered file is refused before anything is committed.
 */

export const FORMAT = 'ilmo-backup';
export const FORMAT_VERSION = 1;

export interface BackupHeader {
	format: typeof FORMAT;
	formatVersion: number;
	createdAt: string;
	/** `created_at` of the last applied drizzle migration (its journal's `when`, in ms). */
	schemaVersion: number;
	/** Table names in the order their sections follow. */
	tables: string[];
}

export interface SectionHeader {
	table: string;
	columns: string[];
	/** Columns whose non-null values are written as `[value]`. */
	json: string[];
	rows: number;
}

export interface BackupTrailer {
	end: typeof FORMAT;
	rows: Record<string, number>;
	sha256: string;
}

export interface TableCount {
	table: string;
	rows: number;
}

/** Something the user can act on: the CLI prints the message and exits 1; nothing was changed. */
export class BackupRefusedError extends Error {}

/** Splits a byte stream into lines (without the newline), keeping each line's exact bytes. */
export async function* splitLines(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	let pending: Buffer[] = [];
	for await (const chunk of source) {
		let start = 0;
		for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, start)) {
			pending.push(chunk.subarray(start, at));
			yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
			pending = [];
			start = at + 1;
		}
		if (start < chunk.length) pending.push(chunk.subarray(start));
	}
	// Every line the writer makes ends with a newline: bytes after the last one mean truncation.
	if (pending.length > 0) throw new BackupRefusedError(damaged('it ends in the middle of a line'));
}

export function damaged(detail: string): string {
	return `The backup file is incomplete or damaged (${detail}); nothing was restored.`;
}

/** Parses a control line, refusing anything that is not a JSON object. */
export function parseControl<T>(line: Buffer | undefined, what: string): T {
	if (line === undefined) throw new BackupRefusedError(damaged(`the ${what} is missing`));
	try {
		const value: unknown = JSON.parse(line.toString('utf8'));
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
	} catch {
		// Reported below.
	}
	throw new BackupRefusedError(damaged(`the ${what} is not readable`));
}

/**
 * PostgreSQL escapes newlines inside JSON strings, but a `json` (not jsonb) column keeps its
 * original text, whitespace included, and row_to_json embeds it as is. A raw newline can only be
 * such whitespace, so it is replaced by a space to keep one row per line (no Ilmo table uses `json`).
 */
export function oneLine(rowJson: string): string {
	return /[\r\n]/.test(rowJson) ? rowJson.replace(/[\r\n]/g, ' ') : rowJson;
}
