import { EVENT_TIME_ZONE } from '$lib/datetime';
import { m } from '$lib/paraglide/messages';
import { BOM, csvLine, type CsvSeparator } from '$lib/server/attendees/csv';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import * as permissions from '$lib/server/permissions';
import type { RequestHandler } from './$types';

// Rows a chunk: the body leaves as the client takes it, not as one string of the whole list.
const CHUNK_ROWS = 500;

/** The header row, read in the request's language before the body streams out of its context. */
function header(separator: CsvSeparator): string {
	return csvLine(
		[
			m.field_first_name(),
			m.field_last_name(),
			m.field_email(),
			m.permissions_csv_organisation(),
			m.permissions_csv_unsubscribe_url()
		],
		separator
	);
}

function* csvChunks(rows: permissions.MayEmailRow[], separator: CsvSeparator, head: string) {
	yield BOM + head;
	for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
		yield rows
			.slice(i, i + CHUNK_ROWS)
			.map((row) =>
				csvLine(
					[row.firstName, row.lastName, row.email, row.organisation, row.unsubscribeUrl],
					separator
				)
			)
			.join('');
	}
}

/**
 * "Who may be sent email marketing now", for the mailing tool: one row per person with a fresh
 * personal unsubscribe link. listMayEmail mints the links and writes `permissions.exported` in one
 * transaction; every cell goes through the same formula-safe quoting as the attendee list.
 */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('permissions.manage');
	const separator: CsvSeparator = url.searchParams.get('separator') === 'comma' ? ',' : ';';
	const rows = await permissions.listMayEmail(await db(), user, mailContext(url));

	const chunks = csvChunks(rows, separator, header(separator));
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		}
	});
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE }).format(new Date());
	return new Response(body, {
		headers: {
			...PRIVATE_HEADERS,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${m.permissions_export_filename()}-${day}.csv"`
		}
	});
};
