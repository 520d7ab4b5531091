import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { parseListQuery } from '$lib/server/list';
import * as permissions from '$lib/server/permissions';
import { PERMISSION_CURSOR_KINDS } from '$lib/server/permissions/list';
import { PERMISSION_FILTERS } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('permissions.manage');
	const query = parseListQuery(url.searchParams, PERMISSION_FILTERS, PERMISSION_CURSOR_KINDS);
	const list = await permissions.listStates(await db(), user, {
		q: query.q,
		filter: query.filters.filter,
		cursor: query.cursor
	});
	return {
		query: { q: query.q, filter: query.filters.filter },
		total: list.total,
		next: list.next,
		previous: list.previous,
		rows: list.rows.map((row) => ({
			personId: row.personId,
			firstName: row.firstName,
			lastName: row.lastName,
			email: row.email,
			organisation: row.organisation,
			channels: permissions.CHANNELS.map((channel) => ({
				channel,
				decision: row.state[channel].decision,
				basis: row.state[channel].basis,
				mayMarket: row.state[channel].mayMarket
			}))
		}))
	};
};
