import { m } from '$lib/paraglide/messages';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';
import type { SheetFile } from '$lib/server/spreadsheet';
import { sheetDownload } from '$lib/server/spreadsheet/download';
import { parseStatusFilter } from './attendee-query';

function labels(): attendees.ExportLabels {
	return {
		sheet: m.staff_attendees_csv_filename(),
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
 * The attendee list as a download in either format, after the route has checked the right: audited
 * as `attendees.exported`, then streamed, each batch read from the database only when the client
 * has taken the previous one, so 10,000 rows never sit in memory at once.
 */
export async function downloadAttendees(
	user: attendees.StaffActor,
	eventId: string,
	url: URL,
	file: SheetFile
): Promise<Response> {
	const database = await db();
	const event = attendees.isId(eventId) ? await events.findById(database, eventId) : null;
	if (!event) notFound();
	const status = parseStatusFilter(url.searchParams);
	const { sheet } = await attendees.exportAttendees(database, user, event.id, file, {
		labels: labels(),
		status
	});
	return sheetDownload(sheet, file, `${m.staff_attendees_csv_filename()}-${event.slug}`);
}
