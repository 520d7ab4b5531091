import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { parseLocalEventTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import * as requests from '$lib/server/requests';
import { newRequestSchema } from '$lib/server/requests/schemas';
import type { Actions, PageServerLoad } from './$types';

const FILTERS = ['open', 'closed', 'all'] as const satisfies readonly requests.RequestFilter[];

export const load: PageServerLoad = async ({ url }) => {
	requireStaff('requests.manage');
	const filter = FILTERS.find((f) => f === url.searchParams.get('show')) ?? 'open';
	const now = new Date();
	const database = await db();
	const rows = await requests.listRequests(database, filter, now);
	return {
		filter,
		overdue: await requests.countOverdue(database, now),
		rows: rows.map((row) => ({
			id: row.id,
			kind: row.kind,
			status: row.status,
			channel: row.channel,
			received: row.receivedAt.toISOString(),
			due: row.due.toISOString(),
			extended: row.extendedUntil !== null,
			overdue: row.overdue,
			completed: row.completedAt?.toISOString() ?? null
		})),
		form: await superValidate(zod4(newRequestSchema))
	};
};

/** The start of the given day in Finnish time; today (or nothing) means now. */
function receivedAt(day: string, now: Date): Date | null | undefined {
	if (!day) return undefined;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(now);
	if (day === today) return undefined;
	return parseLocalEventTime(`${day}T00:00`);
}

export const actions: Actions = {
	default: async ({ request }) => {
		const user = requireStaff('requests.manage');
		const form = await superValidate(request, zod4(newRequestSchema));
		if (!form.valid) return fail(400, { form });
		const { kind, channel, email, phone, note, receivedOn } = form.data;
		const now = new Date();
		const arrived = receivedAt(receivedOn, now);
		if (arrived === null) return setError(form, '', 'requestsDateInvalid');
		const result = await requests.createRequest(await db(), user, {
			kind: kind as requests.CreateRequestInput['kind'],
			channel: channel as requests.CreateRequestInput['channel'],
			email,
			phone,
			note,
			locale: getLocale(),
			receivedAt: arrived,
			now
		});
		if (!result.ok) {
			return result.field === 'phone'
				? setError(form, 'phone', result.error)
				: setError(form, '', result.error);
		}
		redirect(303, localizeHref(`/staff/requests/${result.id}?done=created`));
	}
};
