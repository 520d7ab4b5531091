import { requireStaff } from '$lib/server/auth/guard';
import { XLSX_FILE } from '$lib/server/spreadsheet/download';
import { downloadAudit } from '../audit-export';
import type { RequestHandler } from './$types';

/** The audit events matching the page's filters as an Excel workbook with typed cells. */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('audit.view');
	return downloadAudit(user, url, XLSX_FILE);
};
