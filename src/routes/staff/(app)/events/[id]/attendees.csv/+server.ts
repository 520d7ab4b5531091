import { requireStaff } from '$lib/server/auth/guard';
import { csvFile } from '$lib/server/spreadsheet/download';
import { downloadAttendees } from '../attendee-export';
import type { RequestHandler } from './$types';

/** The attendee list as CSV (semicolons, or commas with `?separator=comma`). */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireStaff('attendees.export');
	return downloadAttendees(user, params.id, url, csvFile(url));
};
