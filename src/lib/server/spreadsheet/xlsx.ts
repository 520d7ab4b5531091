/**
 * The same sheets as an Excel workbook, written by exceljs's streaming writer: cells carry their
 * type, so nothing is guessed. Text (names, phone numbers, postal codes) is a text cell that is
 * never run as a formula and keeps its zeros; times are real dates in Finnish time.
 */
import type * as ExcelJS from 'exceljs';
import { EventEmitter, once } from 'node:events';
import { Writable } from 'node:stream';
import { finnishWallClock, phoneText, type Cell, type ColumnKind, type Sheet } from './sheet';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMATS: Record<ColumnKind, string> = {
	text: '@',
	phone: '@',
	postalCode: '@',
	minute: 'yyyy-mm-dd hh:mm',
	second: 'yyyy-mm-dd hh:mm:ss',
	integer: '0'
};

const WIDTHS: Record<ColumnKind, number> = {
	text: 20,
	phone: 18,
	postalCode: 10,
	minute: 17,
	second: 20,
	integer: 8
};

/**
 * An inline rich-text cell: a plain string would be written as a formula's cached result (exceljs
 * uses t="str" without shared strings), and shared strings would hold every name in memory.
 */
function textCell(text: string): ExcelJS.CellRichTextValue {
	return { richText: [{ text }] };
}

function cell(kind: ColumnKind, value: Cell): ExcelJS.CellValue {
	if (value === null || value === undefined || value === '') return null;
	if (value instanceof Date) return finnishWallClock(value);
	if (typeof value === 'number' && kind === 'integer') return value;
	return textCell(kind === 'phone' ? phoneText(String(value)) : String(value));
}

/** archiver's input stream, a readable-stream 2 PassThrough (which predates `writableNeedDrain`). */
interface ZipInput extends EventEmitter {
	_writableState: { needDrain: boolean };
}

/**
 * The stream the zip reads the worksheet's XML from. exceljs writes into it without heeding its
 * back-pressure, so xlsxStream waits on it itself. Reached through exceljs's internals (4.4.0, its
 * latest release): a WorksheetWriter's `stream` is a StreamBuf whose `pipes` hold archiver's input.
 */
function zipInput(worksheet: ExcelJS.Worksheet): ZipInput {
	const stream = (worksheet as unknown as { stream?: { pipes?: Partial<ZipInput>[] } }).stream;
	const input = stream?.pipes?.[0];
	if (!(input instanceof EventEmitter) || typeof input._writableState?.needDrain !== 'boolean') {
		throw new Error('exceljs: no zip input found behind the worksheet');
	}
	return input as ZipInput;
}

/** Excel refuses a sheet name over 31 characters or with any of : \ / ? * [ ]. */
function sheetName(name: string): string {
	return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

interface Book {
	workbook: ExcelJS.stream.xlsx.WorkbookWriter;
	worksheet: ExcelJS.Worksheet;
	kinds: ColumnKind[];
}

/**
 * The workbook and its one sheet, header written. exceljs (some 30 MB once loaded, and over a
 * second to load) is imported here, when a file is downloaded, not when the server starts.
 */
async function openWorkbook(sheet: Sheet, sink: Writable): Promise<Book> {
	const { default: excel } = await import('exceljs');
	const workbook = new excel.stream.xlsx.WorkbookWriter({
		stream: sink,
		useStyles: true,
		useSharedStrings: false
	});
	const worksheet = workbook.addWorksheet(sheetName(sheet.name), {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	const kinds = sheet.columns.map((column) => column.kind);
	worksheet.columns = sheet.columns.map((column) => ({
		width: WIDTHS[column.kind],
		style: { numFmt: FORMATS[column.kind] }
	}));
	// Written as a row of its own rather than as the columns' headers, which exceljs would write
	// as plain strings: every text cell in the file is the same inline kind.
	const header = worksheet.addRow(sheet.columns.map((column) => textCell(column.header)));
	header.font = { bold: true };
	header.commit();
	return { workbook, worksheet, kinds };
}

/**
 * The sheet as .xlsx bytes. The client drives it: a batch of rows is read and written only when
 * the stream is asked for more and everything compressed so far has been taken, so memory stays
 * flat however long the list.
 */
export function xlsxStream(sheet: Sheet): ReadableStream<Uint8Array> {
	const ready: Buffer[] = [];
	// Takes the zip's output as it comes; the pace is set in pull() below, not by back-pressure,
	// which exceljs's internal buffers do not pass on.
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			ready.push(chunk);
			done();
		}
	});
	/** Opened by the first pull: exceljs is loaded only when a workbook is asked for. */
	let book: Book | undefined;
	/** Set once the last rows are in: resolves when the zip has written its last byte. */
	let finishing: Promise<unknown> | undefined;
	let written = false;

	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				// A pull that ends without enqueuing is not repeated, so this one goes on until it has
				// bytes to hand over: what the zip made of earlier rows, or else the next batch's.
				for (;;) {
					if (ready.length > 0) {
						controller.enqueue(Buffer.concat(ready.splice(0)));
						return;
					}
					if (written) {
						controller.close();
						return;
					}
					if (finishing) {
						await finishing;
						written = true;
						continue;
					}
					book ??= await openWorkbook(sheet, sink);
					const { workbook, worksheet, kinds } = book;
					const next = await sheet.batches.next();
					if (next.done) {
						worksheet.commit();
						finishing = workbook.commit();
						continue;
					}
					for (const row of next.value) {
						worksheet.addRow(row.map((value, i) => cell(kinds[i]!, value))).commit();
					}
					// Compression runs outside this thread and at its own pace: wait until it has taken
					// these rows before reading more, or they would pile up in the zip's input.
					const input = zipInput(worksheet);
					while (input._writableState.needDrain) await once(input, 'drain');
				}
			},
			async cancel() {
				await sheet.batches.return(undefined);
			}
			// Nothing is read ahead of the client: pull() runs only when it asks for bytes.
		},
		{ highWaterMark: 0 }
	);
}
