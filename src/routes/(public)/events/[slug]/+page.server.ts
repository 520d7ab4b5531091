import { error, redirect } from '@sveltejs/kit';
import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { signupSchemaFor, type SignupData } from '$lib/schemas/registration';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { presentEvent } from '$lib/server/events/present';
import * as registrations from '$lib/server/registrations';
import type { Actions, PageServerLoad } from './$types';

export type FormMessage = { kind: 'closed' | 'unexpected' };

async function findEvent(slug: string) {
	const found = await events.findPublicBySlug(await db(), slug);
	if (!found) error(404, { message: 'not_found' });
	return found;
}

export const load: PageServerLoad = async ({ params }) => {
	const event = await findEvent(params.slug);
	const form = await superValidate<SignupData, FormMessage>(zod4(signupSchemaFor(event)));
	return { event: presentEvent(event, getLocale()), form };
};

export const actions: Actions = {
	default: async ({ request, params, url }) => {
		const event = await findEvent(params.slug);
		const form = await superValidate<SignupData, FormMessage>(
			request,
			zod4(signupSchemaFor(event))
		);
		if (!form.valid) return fail(400, { form });

		const result = await registrations.register(await db(), {
			event,
			data: form.data,
			locale: getLocale(),
			origin: config().origin ?? url.origin,
			organizer: { name: config().controller.name, email: config().controller.email }
		});
		if (!result.ok) {
			if (result.reason === 'closed') return message(form, { kind: 'closed' }, { status: 409 });
			for (const [field, key] of Object.entries(result.errors)) {
				setError(form, field as keyof SignupData, key);
			}
			return fail(400, { form });
		}
		redirect(303, localizeHref(`/events/${event.slug}/registered?status=${result.status}`));
	}
};
