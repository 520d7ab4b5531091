import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as contacts from '$lib/server/contacts/contacts';
import * as organisations from '$lib/server/contacts/organisations';
import { contactFormSchema } from '$lib/server/contacts/schemas';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireStaff('contacts.manage');
	const options = await organisations.listOrganisationOptions(
		await db(),
		url.searchParams.get('organisation')
	);
	// "Add contact person" on an organisation's page arrives with ?organisation=<id>.
	const wanted = url.searchParams.get('organisation');
	const preselected = options.find((option) => option.id === wanted)?.id ?? '';
	return {
		organisations: options,
		form: await superValidate({ organisationId: preselected }, zod4(contactFormSchema), {
			errors: false
		})
	};
};

export const actions: Actions = {
	default: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(contactFormSchema));
		if (!form.valid) return fail(400, { form });
		const result = await contacts.createContact(await db(), user, form.data);
		if (!result.ok) return setError(form, result.field, result.error);
		redirect(303, localizeHref(`/staff/contacts/${result.id}?done=created`));
	}
};
