import { requireStaff } from '$lib/server/auth/guard';
import { csvFile } from '$lib/server/spreadsheet/download';
import { downloadMayEmail } from '../may-email-export';
import type { RequestHandler } from './$types';

/** Who may be sent email marketing now, as CSV. */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('permissions.manage');
	return downloadMayEmail(user, url, csvFile(url));
};
