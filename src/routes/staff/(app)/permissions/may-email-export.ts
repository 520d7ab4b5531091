import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db/database';
import { mailContext } from '$lib/server/mail-context';
import * as permissions from '$lib/server/permissions';
import type { SheetFile } from '$lib/server/spreadsheet';
import { sheetDownload } from '$lib/server/spreadsheet/download';

/** Read in the request's language before the body streams out of its context. */
function labels(): permissions.MayEmailLabels {
	return {
		sheet: m.permissions_export_filename(),
		firstName: m.field_first_name(),
		lastName: m.field_last_name(),
		email: m.field_email(),
		organisation: m.permissions_csv_organisation(),
		unsubscribeUrl: m.permissions_csv_unsubscribe_url()
	};
}

/**
 * "Who may be sent email marketing now", for the mailing tool, after the route has checked the
 * right: one row per person with a fresh personal unsubscribe link. listMayEmail mints the links
 * and writes `permissions.exported` in one transaction.
 */
export async function downloadMayEmail(user: { id: string }, url: URL, file: SheetFile) {
	const rows = await permissions.listMayEmail(await db(), user, mailContext(url), file);
	return sheetDownload(
		permissions.mayEmailSheet(rows, labels()),
		file,
		m.permissions_export_filename()
	);
}
