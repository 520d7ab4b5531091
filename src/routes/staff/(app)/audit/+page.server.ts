import { getLocale } from '$lib/paraglide/runtime';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import { actorText, describeEvent } from '$lib/server/audit/describe';
import { auditTime } from '$lib/server/audit/format';
import { actionLabel } from '$lib/server/audit/labels';
import { nameIn } from '$lib/server/audit/names';
import {
	AUDIT_KEY_KINDS,
	listActors,
	listAuditActions,
	searchAudit
} from '$lib/server/audit/query';
import { db } from '$lib/server/db/database';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { decodeCursor } from '$lib/server/list';
import { ERASED_FIRST_NAME, ERASED_LAST_NAME } from '$lib/server/requests';
import { parseAuditQuery, toAuditFilter } from './audit-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, setHeaders }) => {
	const user = requireStaff('audit.view');
	const locale = getLocale();
	const database = await db();
	const query = parseAuditQuery(url.searchParams);
	const cursor = decodeCursor(url.searchParams, AUDIT_KEY_KINDS);
	const result = await searchAudit(
		database,
		user,
		{ ...toAuditFilter(query), cursor },
		{
			// Names only where the reader's own rights would open the record's page.
			may: (right) => hasRight(user.role, right),
			erased: { firstName: ERASED_FIRST_NAME, lastName: ERASED_LAST_NAME },
			locale
		}
	);
	const actions = await listAuditActions(database);
	const actors = await listActors(database);
	const nameOf = nameIn(result.names);
	// The trail names who handled whose records: never kept by a browser or proxy cache.
	setHeaders(PRIVATE_HEADERS);
	return {
		query,
		count: result.count,
		next: result.next,
		previous: result.previous,
		person: result.person,
		actions: actions.map((action) => ({ action, label: actionLabel(action, locale) })),
		actors: actors.map((actor) => ({
			id: actor.id,
			label: `${actor.displayName} (${actor.email})`
		})),
		rows: result.rows.map((row) => ({
			id: row.id,
			at: auditTime(row.at),
			atIso: row.at.toISOString(),
			actor: actorText(row, locale),
			action: row.action,
			description: describeEvent(
				row.action,
				row.details,
				(type, id) => nameOf(type, id).text,
				locale
			),
			subject: row.subjectType && row.subjectId ? nameOf(row.subjectType, row.subjectId) : null,
			count: row.count
		}))
	};
};
