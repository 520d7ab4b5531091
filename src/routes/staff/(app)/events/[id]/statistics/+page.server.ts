import { formatDateTime } from '$lib/datetime';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import * as statistics from '$lib/server/statistics';
import { findEvent } from '../event.server';
import type { PageServerLoad } from './$types';

// Aggregates only, no names: reading them is not a personal-data read, so nothing is audited.
export const load: PageServerLoad = async ({ params }) => {
	requireStaff('events.view');
	const event = await findEvent(params.id);
	const locale = getLocale();
	const { days, ...figures } = await statistics.summariseEvent(await db(), event);
	return {
		event: {
			id: event.id,
			title: events.localised(event, locale).title,
			when: formatDateTime(event.startsAt, locale)
		},
		figures,
		days: statistics.dayRows(days, locale)
	};
};
