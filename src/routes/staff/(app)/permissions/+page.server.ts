import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import * as permissions from '$lib/server/permissions';
import { parsePermissionQuery } from './list-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('permissions.manage');
	const query = parsePermissionQuery(url.searchParams);
	const list = await permissions.listStates(await db(), user, {
		q: query.q,
		filter: query.filter,
		page: query.page
	});
	return {
		query: { ...query, page: list.page },
		total: list.total,
		pageCount: list.pageCount,
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
