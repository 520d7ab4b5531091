import { EVENT_TIME_ZONE } from '$lib/datetime';
import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import { parseListQuery } from '../attendee-query';
import type { RequestHandler } from './$types';

function labels(): attendees.CsvLabels {
	return {
		columns: {
			status: m.staff_attendees_csv_status(),
			waitlistPosition: m.staff_attendees_csv_waitlist(),
			firstName: m.field_first_name(),
			lastName: m.field_last_name(),
			email: m.field_email(),
			phone: m.field_phone(),
			street: m.field_street(),
			postalCode: m.field_postal_code(),
			city: m.field_city(),
			registeredAt: m.staff_attendees_csv_registered_at(),
			checkedInAt: m.staff_attendees_csv_checked_in_at()
		},
		status: {
			confirmed: m.staff_attendees_status_confirmed(),
			waitlisted: m.staff_attendees_status_waitlisted(),
			cancelled: m.staff_attendees_status_cancelled()
		}
	};
}

/**
 * The attendee list as a CSV download, streamed: each chunk is read from the database only when
 * the client has taken the previous one, so 10,000 rows never sit in memory at once.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireStaff('attendees.export');
	const database = await db();
	const event = attendees.isId(params.id) ? await events.findById(database, params.id) : null;
	if (!event) notFound();
	const { status } = parseListQuery(url.searchParams);
	const separator = url.searchParams.get('separator') === 'comma' ? ',' : ';';
	const { chunks } = await attendees.exportAttendees(database, user, event.id, {
		labels: labels(),
		separator,
		status
	});

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
	const filename = `${m.staff_attendees_csv_filename()}-${event.slug}-${day}.csv`;
	return new Response(body, {
		headers: {
			...PRIVATE_HEADERS,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
};
