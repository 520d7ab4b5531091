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
