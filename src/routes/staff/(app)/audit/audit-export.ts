import { m } from '$lib/paraglide/messages';
import type { AuditReader } from '$lib/server/audit/query';
import { exportAudit, type AuditExportLabels } from '$lib/server/audit/export';
import { db } from '$lib/server/db/database';
import type { SheetFile } from '$lib/server/spreadsheet';
import { sheetDownload } from '$lib/server/spreadsheet/download';
import { parseAuditQuery, toAuditFilter } from './audit-query';

function labels(): AuditExportLabels {
	return {
		sheet: m.audit_csv_filename(),
		columns: {
			at: m.audit_col_at(),
			actor: m.audit_col_actor(),
			action: m.audit_col_action(),
			subjectType: m.audit_csv_subject_type(),
			subjectId: m.audit_csv_subject_id(),
			count: m.audit_col_count(),
			details: m.audit_col_details()
		},
		actorKinds: {
			anonymous: m.audit_actor_anonymous(),
			registrant: m.audit_actor_registrant(),
			system: m.audit_actor_system(),
			cli: m.audit_actor_cli()
		}
	};
}

/**
 * The audit events matching the page's filters as a download in either format, after the route
 * has checked the right: recorded as `audit.exported` with the row count, then streamed batch by
 * batch, so a year of events never sits in memory at once.
 */
export async function downloadAudit(user: AuditReader, url: URL, file: SheetFile) {
	const query = parseAuditQuery(url.searchParams);
	const { sheet } = await exportAudit(await db(), user, toAuditFilter(query), file, {
		labels: labels()
	});
	return sheetDownload(sheet, file, m.audit_csv_filename());
}
