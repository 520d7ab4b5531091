import { requireStaff } from '$lib/server/auth/guard';
import { CONTACT_CURSOR_KINDS, searchContacts } from '$lib/server/contacts/contact-search';
import { db } from '$lib/server/db/database';
import { parseListQuery } from '$lib/server/list';
import { CONTACT_FILTERS } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('contacts.manage');
	const query = parseListQuery(url.searchParams, CONTACT_FILTERS, CONTACT_CURSOR_KINDS);
	const list = await searchContacts(await db(), user, {
		q: query.q,
		includeArchived: query.filters.archived === '1',
		cursor: query.cursor
	});
	return {
		query: { q: query.q, archived: query.filters.archived === '1' },
		total: list.total,
		next: list.next,
		previous: list.previous,
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
