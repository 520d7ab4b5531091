import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import * as contactExport from '$lib/server/contacts/export';
import { db } from '$lib/server/db/database';
import { csvFile, sheetDownload } from '$lib/server/spreadsheet/download';
import type { RequestHandler } from './$types';

/**
 * The contact register as a CSV download in the import's format, streamed: each batch is read from
 * the database only when the client has taken the previous one. Recorded as `contacts.exported`.
 */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('contacts.manage');
	const file = csvFile(url);
	const { sheet } = await contactExport.exportContacts(await db(), user, file);
	return sheetDownload(sheet, file, m.contacts_export_filename());
};
