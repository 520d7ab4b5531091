import { getLocale } from '$lib/paraglide/runtime';
import { formatShortDateTime } from '$lib/datetime';
import { requireStaff } from '$lib/server/auth/guard';
import { hasRight } from '$lib/server/auth/access';
import { showsLoggingNotice } from '$lib/server/audit/notice';
import { currentPolicy } from '$lib/server/retention/policy';
import { getSetting } from '$lib/server/auth/settings';
import { countUnlinked } from '$lib/server/contacts/unlinked';
import { db } from '$lib/server/db/database';
import { countOverdue } from '$lib/server/requests';
import { localised } from '$lib/event-text';
import * as staffEvents from '$lib/server/events/staff';
import { presentEventRow } from './events/event-rows';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const user = requireStaff('dashboard.view');
	const database = await db();
	const locale = getLocale();
	const windowHours = await getSetting(database, 'door_window_hours');
	const door = (await staffEvents.listForDoor(database, new Date(), windowHours)).map((e) => ({
		id: e.id,
		title: localised(e, locale).title,
		starts: formatShortDateTime(e.startsAt, locale)
	}));
	const unlinked = hasRight(user.role, 'contacts.manage') ? await countUnlinked(database) : null;
	// Told at the first sign-ins that their reads and exports are logged (the full text: /staff/logging).
	const loggingNotice = (await showsLoggingNotice(database, user.id))
		? { months: currentPolicy().auditMonths }
		: null;
	const overdueRequests = hasRight(user.role, 'requests.manage')
		? await countOverdue(database)
		: null;
	if (!hasRight(user.role, 'events.view')) {
		return { door, events: null, unlinked, loggingNotice, overdueRequests };
	}
	const now = new Date();
	const events = (await staffEvents.listWithCounts(database, { endingAfter: now })).map((row) =>
		presentEventRow(row, locale, now)
	);
	return { door, events, unlinked, loggingNotice, overdueRequests };
};
