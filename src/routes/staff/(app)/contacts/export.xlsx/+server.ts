import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import * as contactExport from '$lib/server/contacts/export';
import { db } from '$lib/server/db/database';
import { sheetDownload, XLSX_FILE } from '$lib/server/spreadsheet/download';
import type { RequestHandler } from './$types';

/**
 * The contact register as an Excel workbook with the import's columns and typed cells, streamed
 * like the CSV. Recorded as `contacts.exported`.
 */
export const GET: RequestHandler = async () => {
	const user = requireStaff('contacts.manage');
	const { sheet } = await contactExport.exportContacts(await db(), user, XLSX_FILE, {
		sheet: m.contacts_export_filename()
	});
	return sheetDownload(sheet, XLSX_FILE, m.contacts_export_filename());
};
