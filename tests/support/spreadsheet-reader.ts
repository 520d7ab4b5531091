/**
 * Reading exports back the way a spreadsheet would, for tests: SheetJS guesses each CSV cell's type
 * (numbers, dates, formulas) much as Excel does, and reads an .xlsx file's typed cells.
 */
import XLSX from 'xlsx';

export interface ReadCell {
	/** SheetJS's type: 's' text, 'n' number, 'd' date, 'b' boolean. */
	t: string;
	v: unknown;
	/** A formula, if the reader took the cell for one. */
	f?: string;
	/** The number format, for numbers that are dates. */
	z?: string;
}

/** The first sheet as rows of cells (null where a cell is empty). */
export function readSheet(
	bytes: Uint8Array,
	options: { separator?: ';' | ','; cellDates?: boolean } = {}
): (ReadCell | null)[][] {
	const workbook = XLSX.read(bytes, {
		type: 'buffer',
		FS: options.separator,
		cellDates: options.cellDates ?? true,
		cellNF: true
	});
	const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
	const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1');
	const rows: (ReadCell | null)[][] = [];
	for (let r = range.s.r; r <= range.e.r; r++) {
		const row: (ReadCell | null)[] = [];
		for (let c = range.s.c; c <= range.e.c; c++) {
			const cell = sheet[XLSX.utils.encode_cell({ r, c })] as ReadCell | undefined;
			row.push(cell && cell.t !== 'z' ? cell : null);
		}
		rows.push(row);
	}
	return rows;
}

/** Every cell the reader took for a formula, as "A1: formula". */
export function formulaCells(rows: (ReadCell | null)[][]): string[] {
	return rows.flatMap((row, r) =>
		row.flatMap((cell, c) => (cell?.f ? [`${XLSX.utils.encode_cell({ r, c })}: ${cell.f}`] : []))
	);
}

/** The cells' values, for comparing whole rows. */
export const valuesOf = (rows: (ReadCell | null)[][]) =>
	rows.map((row) => row.map((cell) => (cell ? cell.v : null)));

export async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function textOf(chunks: AsyncIterable<string>): Promise<string> {
	let text = '';
	for await (const chunk of chunks) text += chunk;
	return text;
}

/**
 * The cells of CSV text as a reader splits it that honours a quote only at the very start of a
 * field and takes any later quote as it is (Python's csv module does): one that reads a file with
 * the wrong separator loses track of the quoting after the first field.
 */
export function quoteAtStartCells(text: string, separator: ';' | ','): string[] {
	const cells: string[] = [];
	let field = '';
	let state: 'start' | 'quoted' | 'plain' = 'start';
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (state === 'quoted') {
			if (char !== '"') field += char;
			else if (text[i + 1] === '"') {
				field += '"';
				i++;
			} else state = 'plain';
		} else if (char === separator || char === '\n' || char === '\r') {
			cells.push(field);
			field = '';
			state = 'start';
		} else if (state === 'start' && char === '"') {
			state = 'quoted';
		} else {
			state = 'plain';
			field += char;
		}
	}
	cells.push(field);
	return cells;
}

/** A cell a spreadsheet would run: one starting with = + - @ or a tab (full-width forms too). */
const FORMULA_START = /^[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20]/;
/** The writer's own text form of a postal code, a formula by design with digits only. */
const POSTAL_TEXT = /^="\d+"$/;

/** The cells such a reader would run, whichever separator it splits on. */
export function formulaLikeCells(text: string): string[] {
	const body = text.replace(/^\uFEFF/, '');
	return ([';', ','] as const).flatMap((separator) =>
		quoteAtStartCells(body, separator).filter(
			(cell) => FORMULA_START.test(cell) && !POSTAL_TEXT.test(cell)
		)
	);
}
