import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import type { StaffRegistrationData } from '$lib/schemas/staff-registration';
import { staffRegistrationSchemaFor } from '$lib/server/registrations/schemas';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { mailContext } from '$lib/server/mail-context';
import type { Actions, PageServerLoad } from './$types';
import { findEvent, failOnFields } from '../event.server';

export type AddMessage = 'closed' | 'duplicate';

export const load: PageServerLoad = async ({ params }) => {
	requireStaff('attendees.manage');
	const event = await findEvent(params.id);
	return {
		event: { id: event.id, title: events.localised(event, getLocale()).title },
		policies: { phonePolicy: event.phonePolicy, addressPolicy: event.addressPolicy },
		form: await superValidate<StaffRegistrationData, AddMessage>(
			zod4(staffRegistrationSchemaFor(event))
		)
	};
};

export const actions: Actions = {
	default: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<StaffRegistrationData, AddMessage>(
			request,
			zod4(staffRegistrationSchemaFor(event))
		);
		if (!form.valid) return fail(400, { form });
		const result = await attendees.addRegistrant(await db(), {
			actor: user,
			event,
			data: form.data,
			locale: getLocale(),
			context: mailContext(url)
		});
		if (!result.ok) {
			if (result.reason !== 'invalid') return message(form, result.reason, { status: 409 });
			return failOnFields(form, result.errors);
		}
		redirect(303, localizeHref(`/staff/events/${event.id}?done=added_${result.status}`));
	}
};
