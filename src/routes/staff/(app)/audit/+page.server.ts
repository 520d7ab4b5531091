import { requireStaff } from '$lib/server/auth/guard';
import { auditTime, formatDetails } from '$lib/server/audit/format';
import { listActors, listAuditActions, searchAudit } from '$lib/server/audit/query';
import { isUuid } from '$lib/server/audit/subjects';
import { db } from '$lib/server/db/database';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { parseAuditQuery, toAuditFilter } from './audit-query';
import type { PageServerLoad } from './$types';

/** Subjects that have a staff page of their own; others are shown as type and id only. */
const SUBJECT_PAGES: Record<string, string> = {
	event: '/staff/events',
	contact: '/staff/contacts',
	organisation: '/staff/organisations',
	staff_user: '/staff/users'
};

function subjectPath(type: string | null, id: string | null): string | null {
	if (!type || !id || !isUuid(id)) return null;
	const base = SUBJECT_PAGES[type];
	return base ? `${base}/${id}` : null;
}

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	const user = requireStaff('audit.view');
	const database = await db();
	const query = parseAuditQuery(url.searchParams);
	const result = await searchAudit(database, user, toAuditFilter(query));
	const actions = await listAuditActions(database);
	const actors = await listActors(database);
	// The trail names who handled whose records: never kept by a browser or proxy cache.
	setHeaders(PRIVATE_HEADERS);
	return {
		query: { ...query, page: result.page },
		total: result.total,
		pageCount: result.pageCount,
		person: result.person,
		actions,
		actors: actors.map((actor) => ({
			id: actor.id,
			label: `${actor.displayName} (${actor.email})`
		})),
		rows: result.rows.map((row) => ({
			id: row.id,
			at: auditTime(row.at),
			atIso: row.at.toISOString(),
			actorName: row.actorName,
			actorKind: row.actorKind,
			action: row.action,
			subjectType: row.subjectType,
			subjectId: row.subjectId,
			subjectPath: subjectPath(row.subjectType, row.subjectId),
			count: row.count,
			details: formatDetails(row.details)
		}))
	};
};
