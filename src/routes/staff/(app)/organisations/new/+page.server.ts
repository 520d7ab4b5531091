import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/contacts/organisations';
import { organisationSchema } from '$lib/server/contacts/schemas';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	requireStaff('organisations.manage');
	return { form: await superValidate(zod4(organisationSchema)) };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const user = requireStaff('organisations.manage');
		const form = await superValidate(request, zod4(organisationSchema));
		if (!form.valid) return fail(400, { form });
		const result = await organisations.createOrganisation(await db(), user, form.data);
		if (!result.ok) return setError(form, result.field, result.error);
		redirect(303, localizeHref(`/staff/organisations/${result.id}?done=created`));
	}
};
