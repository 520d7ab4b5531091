import { getLocale } from '$lib/paraglide/runtime';
import { formatShortDateTime } from '$lib/datetime';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { localised } from '$lib/event-text';
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
		starts: formatShortDateTime(row.event.startsAt, locale, now),
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
