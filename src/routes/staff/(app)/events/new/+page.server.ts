import { redirect } from '@sveltejs/kit';
import { fail, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import {
	NEW_EVENT_DEFAULTS,
	toEventFields,
	type EventFormData,
	type EventFormMessage
} from '$lib/schemas/event';
import { requireStaff } from '$lib/server/auth/guard';
import { eventSchema } from '$lib/server/events/schemas';
import { db } from '$lib/server/db/database';
import * as manage from '$lib/server/events/manage';
import type { Actions, PageServerLoad } from './$types';

/**
 * The new-event page hands over to the edit page in the browser after saving, and Svelte builds the
 * edit page's form before it drops this one: with the schema's default id both would share one
 * (superforms: "Duplicate form id's found"), so each page names its own.
 */
const NEW_EVENT_FORM_ID = 'event-new';

export const load: PageServerLoad = async () => {
	requireStaff('events.manage');
	const form = await superValidate<EventFormData, EventFormMessage>(
		NEW_EVENT_DEFAULTS,
		zod4(eventSchema),
		{ errors: false, id: NEW_EVENT_FORM_ID }
	);
	return { form };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const user = requireStaff('events.manage');
		const form = await superValidate<EventFormData, EventFormMessage>(request, zod4(eventSchema), {
			id: NEW_EVENT_FORM_ID
		});
		if (!form.valid) return fail(400, { form });
		const created = await manage.createEvent(await db(), toEventFields(form.data), {
			kind: 'staff',
			id: user.id
		});
		redirect(303, localizeHref(`/staff/events/${created.id}/edit?done=created`));
	}
};
