import { EVENT_TIME_ZONE } from '$lib/datetime';
import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import { exportAudit, type AuditCsvLabels } from '$lib/server/audit/export';
import { db } from '$lib/server/db/database';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { parseAuditQuery, toAuditFilter } from '../audit-query';
import type { RequestHandler } from './$types';

function labels(): AuditCsvLabels {
	return {
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
 * The audit events matching the page's filters as a CSV download, streamed batch by batch, so a
 * year of events never sits in memory at once. Recorded as `audit.exported` with the row count.
 */
export const GET: RequestHandler = async ({ url }) => {
	const user = requireStaff('audit.view');
	const query = parseAuditQuery(url.searchParams);
	const separator = url.searchParams.get('separator') === 'comma' ? ',' : ';';
	const { chunks } = await exportAudit(await db(), user, toAuditFilter(query), {
		labels: labels(),
		separator
	});

	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			// The download was aborted: stop reading batches.
			await chunks.return(undefined);
		}
	});
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE }).format(new Date());
	return new Response(body, {
		headers: {
			...PRIVATE_HEADERS,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${m.audit_csv_filename()}-${day}.csv"`
		}
	});
};
