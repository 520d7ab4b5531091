import { getLocale } from '$lib/paraglide/runtime';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import * as staffEvents from '$lib/server/events/staff';
import { presentEventRow } from './event-rows';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const user = requireStaff('events.view');
	const locale = getLocale();
	const now = new Date();
	const rows = await staffEvents.listWithCounts(await db());
	return {
		canManage: hasRight(user.role, 'events.manage'),
		upcoming: rows
			.filter((row) => row.event.endsAt > now)
			.map((row) => presentEventRow(row, locale, now)),
		// Most recent first: the event just held is the one staff look for.
		past: rows
			.filter((row) => row.event.endsAt <= now)
			.map((row) => presentEventRow(row, locale, now))
			.reverse()
	};
};
