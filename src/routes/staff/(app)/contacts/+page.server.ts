import { requireStaff } from '$lib/server/auth/guard';
import * as contacts from '$lib/server/contacts/contacts';
import { db } from '$lib/server/db/database';
import { parseContactQuery } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('contacts.manage');
	const query = parseContactQuery(url.searchParams);
	const list = await contacts.searchContacts(await db(), user, {
		q: query.q,
		includeArchived: query.archived,
		page: query.page
	});
	return {
		query: { ...query, page: list.page },
		total: list.total,
		pageCount: list.pageCount,
		rows: list.rows.map((row) => ({
			id: row.id,
			name: `${row.lastName}, ${row.firstName}`,
			title: row.title,
			email: row.email,
			phone: row.phone,
			organisation: row.organisation,
			archived: row.archivedAt !== null
		}))
	};
};
