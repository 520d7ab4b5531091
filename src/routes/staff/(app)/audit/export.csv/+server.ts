import { requireStaff } from '$lib/server/auth/guard';
import { csvFile } from '$lib/server/spreadsheet/download';
import { downloadAudit } from '../audit-export';
import type { RequestHandler } from './$types';

/** The audit events matching the page's filters as CSV. */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('audit.view');
	return downloadAudit(user, url, csvFile(url));
};
