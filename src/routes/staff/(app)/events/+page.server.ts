import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/datetime';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { localised } from '$lib/server/events';
import * as staffEvents from '$lib/server/events/staff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const user = requireStaff('events.view');
	const locale = getLocale();
	const now = new Date();
	const rows = await staffEvents.listAllWithCounts(await db());
	const present = (row: (typeof rows)[number]) => ({
		id: row.event.id,
		title: localised(row.event, locale).title,
		starts: formatDateTime(row.event.startsAt, locale),
		startsIso: row.event.startsAt.toISOString(),
		status: row.event.status,
		confirmed: row.event.confirmedCount,
		capacity: row.event.capacity,
		waitlisted: row.waitlisted,
		checkedIn: row.checkedIn
	});
	return {
		canManage: hasRight(user.role, 'events.manage'),
		upcoming: rows.filter((row) => row.event.endsAt > now).map(present),
		// Most recent first: the event just held is the one staff look for.
		past: rows
			.filter((row) => row.event.endsAt <= now)
			.map(present)
			.reverse()
	};
};
