import { requireStaff } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/contacts/organisations';
import { db } from '$lib/server/db/database';
import { parseOrganisationQuery } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('organisations.manage');
	const query = parseOrganisationQuery(url.searchParams);
	const list = await organisations.searchOrganisations(await db(), user, {
		q: query.q,
		status: query.status,
		includeArchived: query.archived,
		page: query.page
	});
	return {
		query: { ...query, page: list.page },
		total: list.total,
		pageCount: list.pageCount,
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
