import { requireStaff } from '$lib/server/auth/guard';
import { XLSX_FILE } from '$lib/server/spreadsheet/download';
import { downloadMayEmail } from '../may-email-export';
import type { RequestHandler } from './$types';

/** Who may be sent email marketing now, as an Excel workbook. */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('permissions.manage');
	return downloadMayEmail(user, url, XLSX_FILE);
};
