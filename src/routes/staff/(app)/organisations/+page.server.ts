import { requireStaff } from '$lib/server/auth/guard';
import {
	ORGANISATION_CURSOR_KINDS,
	searchOrganisations
} from '$lib/server/contacts/organisation-search';
import { db } from '$lib/server/db/database';
import { parseListQuery } from '$lib/server/list';
import { ORGANISATION_FILTERS } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('organisations.manage');
	const query = parseListQuery(url.searchParams, ORGANISATION_FILTERS, ORGANISATION_CURSOR_KINDS);
	const archived = query.filters.archived === '1';
	const list = await searchOrganisations(await db(), user, {
		q: query.q,
		status: query.filters.status,
		includeArchived: archived,
		cursor: query.cursor
	});
	return {
		query: { q: query.q, status: query.filters.status, archived },
		total: list.total,
		next: list.next,
		previous: list.previous,
		rows: list.rows.map((row) => ({
			id: row.id,
			name: row.name,
			businessId: row.businessId,
			city: row.city,
			status: row.customerStatus,
			contacts: row.contacts,
			archived: row.archivedAt !== null
		}))
	};
};
