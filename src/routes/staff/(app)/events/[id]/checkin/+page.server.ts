import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { scanSchema } from '$lib/schemas/door';
import { checkInSchema, UNDO_REASONS, undoCheckInSchema } from '$lib/schemas/staff-registration';
import { requireStaff } from '$lib/server/auth/guard';
import type { SessionUser } from '$lib/server/auth/session';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export type CheckInMessage = 'not_found' | 'not_confirmed';

/** The event, if this account may work its door today; door accounts get 403 for any other. */
async function doorEvent(id: string, user: SessionUser) {
	const access = await attendees.openDoor(await db(), user.role, id);
	if (access.ok) return access.event;
	if (access.reason === 'forbidden') error(403, 'Forbidden');
	notFound();
}

/** Back to the same search after a tap, with a notice naming whom it concerned. */
function backToSearch(eventId: string, q: string, done: 'in' | 'undone', who: string): never {
	const params = new URLSearchParams({ q, done, who });
	redirect(303, localizeHref(`/staff/events/${eventId}/checkin?${params}`));
}

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('checkin.use');
	const event = await doorEvent(params.id, user);
	const database = await db();
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const matches = q ? await attendees.searchAtDoor(database, user, event.id, q) : null;
	const counts = (await attendees.countAttendees(database, event.id))!;
	// The whole list shows when no search is typed; `filter` narrows it by a name's beginning.
	const filter = (url.searchParams.get('filter') ?? '').slice(0, 100);
	const arrivals = q ? null : await attendees.arrivalsAtDoor(database, user, event.id, filter);
	const done = url.searchParams.get('done');
	// A tap in the search answers among its matches; one in the not-yet-arrived list, in the lists.
	const whoId = url.searchParams.get('who');
	const who = [...(matches ?? []), ...(arrivals?.arrived ?? []), ...(arrivals?.waiting ?? [])].find(
		(person) => person.id === whoId
	);
	return {
		event: { id: event.id, title: events.localised(event, getLocale()).title },
		counts: { confirmed: counts.confirmed, checkedIn: counts.checkedIn },
		q,
		tooShort: q !== '' && matches === null,
		matches: matches ?? [],
		done:
			who && (done === 'in' || done === 'undone')
				? { kind: done, name: `${who.firstName} ${who.lastName}` }
				: null,
		reasons: UNDO_REASONS,
		arrivals,
		filter,
		scanForm: await superValidate(zod4(scanSchema))
	};
};

export const actions: Actions = {
	/** The ticket code field without JavaScript: the same answer as the scan endpoint, on the page. */
	scan: async ({ request, params }) => {
		const user = requireStaff('checkin.use');
		const event = await doorEvent(params.id, user);
		const form = await superValidate(request, zod4(scanSchema));
		if (!form.valid) return fail(400, { form, scan: null });
		const scan = await attendees.scanTicket(
			await db(),
			user,
			event.id,
			form.data.code,
			form.data.deviceId ?? null,
			new Date(),
			getLocale()
		);
		// A code that could not be a ticket stays in the field to be corrected; after any other
		// answer the field is empty for the next person's ticket.
		if (scan.outcome === 'invalid') return fail(400, { form, scan });
		form.data.code = '';
		return { form, scan };
	},
	checkIn: async ({ request, params }) => {
		const user = requireStaff('checkin.use');
		const event = await doorEvent(params.id, user);
		const form = await superValidate(request, zod4(checkInSchema));
		if (!form.valid) return fail(400, { form });
		const result = await attendees.checkIn(await db(), user, event.id, form.data.registrationId);
		if (!result.ok) return message(form, result.reason satisfies CheckInMessage, { status: 409 });
		backToSearch(event.id, form.data.q, 'in', form.data.registrationId);
	},
	undo: async ({ request, params }) => {
		const user = requireStaff('checkin.use');
		const event = await doorEvent(params.id, user);
		const form = await superValidate(request, zod4(undoCheckInSchema));
		if (!form.valid) return fail(400, { form });
		const result = await attendees.undoCheckIn(
			await db(),
			user,
			event.id,
			form.data.registrationId,
			form.data.reason
		);
		if (!result.ok) return message(form, result.reason satisfies CheckInMessage, { status: 409 });
		backToSearch(event.id, form.data.q, 'undone', form.data.registrationId);
	}
};
