import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatDateTime, formatShortDateTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { registrantActionSchema } from '$lib/schemas/staff-registration';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { bookedByOf } from '$lib/server/groups/booked-by';
import { db } from '$lib/server/db/database';
import { bestSuggestions, type Suggestion } from '$lib/server/contacts/suggestions';
import * as events from '$lib/server/events';
import { normaliseEmail } from '$lib/server/person/email';
import { mailContext } from '$lib/server/mail-context';
import { parseListQuery } from '$lib/server/list';
import { ATTENDEE_FILTERS } from './attendee-query';
import type { Actions, PageServerLoad } from './$types';
import { findEvent } from './event.server';

/** Notices after a redirect back here; anything else in `?done=` is ignored. */
const DONE = [
	'added_confirmed',
	'added_waitlisted',
	'updated',
	'cancelled',
	'cancelled_promoted',
	'moved',
	'promoted'
] as const;
export type Done = (typeof DONE)[number];
export type RowError = 'full' | 'first' | 'not_waitlisted' | 'event_cancelled' | 'not_found';

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('attendees.view');
	const database = await db();
	const event = await findEvent(params.id);
	const locale = getLocale();
	const query = parseListQuery(url.searchParams, ATTENDEE_FILTERS, (filters) =>
		attendees.attendeeCursorKinds(filters.sort)
	);
	const counts = await attendees.countAttendees(database, event.id);
	const list = await attendees.listAttendees(database, user, event.id, {
		q: query.q,
		...query.filters,
		cursor: query.cursor
	});
	const bookedBy = await bookedByOf(
		database,
		list.rows.map((row) => row.id)
	);
	const canLink = hasRight(user.role, 'contacts.manage');
	const suggestions = canLink
		? await bestSuggestions(
				database,
				list.rows.map((row) => ({
					...row,
					emailNormalised: row.email ? normaliseEmail(row.email) : null
				}))
			)
		: new Map<string, Suggestion>();
	return {
		event: {
			id: event.id,
			title: events.localised(event, locale).title,
			when: formatDateTime(event.startsAt, locale),
			location: event.location,
			status: event.status
		},
		counts: counts!,
		query: { q: query.q, ...query.filters },
		total: list.total,
		next: list.next,
		previous: list.previous,
		rows: list.rows.map((row) => ({
			id: row.id,
			name: `${row.lastName}, ${row.firstName}`,
			email: row.email,
			phone: row.phone,
			status: row.status,
			waitlistRank: row.waitlistRank,
			offerUntil: row.offerExpiresAt ? formatShortDateTime(row.offerExpiresAt, locale) : null,
			registered: formatShortDateTime(row.registeredAt, locale),
			checkedIn: row.checkedInAt ? formatShortDateTime(row.checkedInAt, locale) : null,
			contactId: row.contactId,
			organisation: row.organisation,
			bookedBy: bookedBy.get(row.id) ?? null,
			suggestion: suggestions.get(row.id)
				? {
						name: `${suggestions.get(row.id)!.firstName} ${suggestions.get(row.id)!.lastName}`,
						reasons: suggestions.get(row.id)!.reasons,
						similarity: suggestions.get(row.id)!.nameSimilarity
					}
				: null
		})),
		can: {
			manage: hasRight(user.role, 'attendees.manage'),
			manageEvent: hasRight(user.role, 'events.manage'),
			export: hasRight(user.role, 'attendees.export'),
			checkIn: hasRight(user.role, 'checkin.use'),
			link: canLink
		},
		done: DONE.find((kind) => kind === url.searchParams.get('done')) ?? null
	};
};

/** Back to the list as it was (search, filter, cursor) with a notice. */
function backToList(eventId: string, url: URL, done: Done): never {
	const params = new URLSearchParams(url.search);
	for (const key of [...params.keys()]) {
		if (key.startsWith('/') || key === 'done') params.delete(key);
	}
	params.set('done', done);
	redirect(303, localizeHref(`/staff/events/${eventId}?${params}`));
}

export const actions: Actions = {
	moveUp: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const form = await superValidate(request, zod4(registrantActionSchema));
		if (!form.valid) return fail(400, { form });
		const event = await findEvent(params.id);
		const result = await attendees.moveUp(await db(), user, event.id, form.data.registrationId);
		if (!result.ok) return message(form, result.reason satisfies RowError, { status: 409 });
		backToList(event.id, url, 'moved');
	},
	promote: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const form = await superValidate(request, zod4(registrantActionSchema));
		if (!form.valid) return fail(400, { form });
		const event = await findEvent(params.id);
		const result = await attendees.promote(
			await db(),
			user,
			event.id,
			form.data.registrationId,
			mailContext(url)
		);
		if (!result.ok) return message(form, result.reason satisfies RowError, { status: 409 });
		backToList(event.id, url, 'promoted');
	}
};
