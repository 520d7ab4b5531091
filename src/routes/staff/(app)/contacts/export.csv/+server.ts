import { EVENT_TIME_ZONE } from '$lib/datetime';
import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import * as contactExport from '$lib/server/contacts/export';
import { db } from '$lib/server/db/database';
import { PRIVATE_HEADERS } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The contact register as a CSV download in the import's format, streamed: each batch is read from
 * the database only when the client has taken the previous one. Recorded as `contacts.exported`.
 */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('contacts.manage');
	const separator = url.searchParams.get('separator') === 'comma' ? ',' : ';';
	const { chunks } = await contactExport.exportContacts(await db(), user, { separator });

	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
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
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE }).format(new Date());
	return new Response(body, {
		headers: {
			...PRIVATE_HEADERS,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${m.contacts_export_filename()}-${day}.csv"`
		}
	});
};
