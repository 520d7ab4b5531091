import { requireStaff } from '$lib/server/auth/guard';
import { XLSX_FILE } from '$lib/server/spreadsheet/download';
import { downloadAttendees } from '../attendee-export';
import type { RequestHandler } from './$types';

/** The attendee list as an Excel workbook with typed cells. */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireStaff('attendees.export');
	return downloadAttendees(user, params.id, url, XLSX_FILE);
};
