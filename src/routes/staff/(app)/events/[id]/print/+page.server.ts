import { formatDateTime } from '$lib/datetime';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const user = requireStaff('attendees.view');
	const database = await db();
	const event = attendees.isId(params.id) ? await events.findById(database, params.id) : null;
	if (!event) notFound();
	const locale = getLocale();
	const rows = await attendees.listForPrint(database, user, event.id);
	return {
		event: {
			id: event.id,
			title: events.localised(event, locale).title,
			when: formatDateTime(event.startsAt, locale),
			location: event.location
		},
		rows: rows.map((row) => ({
			id: row.id,
			lastName: row.lastName,
			firstName: row.firstName,
			organisation: row.organisation,
			checkedIn: row.checkedInAt !== null
		}))
	};
};
