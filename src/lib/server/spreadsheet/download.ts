import { EVENT_TIME_ZONE } from '../../datetime';
import { PRIVATE_HEADERS } from '../http';
import { csvChunks } from './csv';
import type { CsvSeparator, Sheet, SheetFile } from './sheet';
import { XLSX_TYPE, xlsxStream } from './xlsx';

/**
 * The file a CSV route serves: `?separator=comma` picks the comma; anything else, or nothing, the
 * semicolon Finnish Excel reads.
 */
export function csvFile(url: URL): SheetFile {
	return { format: 'csv', separator: url.searchParams.get('separator') === 'comma' ? ',' : ';' };
}

export const XLSX_FILE: SheetFile = { format: 'xlsx' };

/** The CSV text as bytes, each piece made only when the client has taken the previous one. */
function csvStream(sheet: Sheet, separator: CsvSeparator): ReadableStream<Uint8Array> {
	const chunks = csvChunks(sheet, separator);
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			// The download was aborted: stop reading batches.
			await chunks.return(undefined);
		}
	});
}

/**
 * A private, never-cached download of the sheet, named `<filename>-<Finnish date>.<format>`
 * (`filename` comes without date and extension).
 */
export function sheetDownload(sheet: Sheet, file: SheetFile, filename: string): Response {
	const { format } = file;
	const body = file.format === 'xlsx' ? xlsxStream(sheet) : csvStream(sheet, file.separator);
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE }).format(new Date());
	return new Response(body, {
		headers: {
			...PRIVATE_HEADERS,
			'content-type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}-${day}.${format}"`
		}
	});
}
