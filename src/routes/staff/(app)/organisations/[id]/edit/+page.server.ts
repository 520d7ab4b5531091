import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { archiveSchema, type OrganisationData } from '$lib/schemas/contacts';
import { requireStaff } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/contacts/organisations';
import { organisationSchema } from '$lib/server/contacts/schemas';
import { db } from '$lib/server/db/database';
import type { Organisation } from '$lib/server/db/schema';
import { notFound } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

function toFormData(org: Organisation): OrganisationData {
	return {
		name: org.name,
		businessId: org.businessId ?? '',
		street: org.street ?? '',
		postalCode: org.postalCode ?? '',
		city: org.city ?? '',
		email: org.email ?? '',
		phone: org.phone ?? '',
		customerStatus: org.customerStatus,
		notes: org.notes ?? ''
	};
}

const pageOf = (id: string, done: string) =>
	localizeHref(`/staff/organisations/${id}?done=${done}`);

export const load: PageServerLoad = async ({ params }) => {
	const user = requireStaff('organisations.manage');
	const view = await organisations.getOrganisation(await db(), user, params.id, 'edit');
	if (!view) notFound();
	const org = view.organisation;
	return {
		organisation: { id: org.id, name: org.name, archived: org.archivedAt !== null },
		// An organisation saved under older rules still opens; the checks apply when it is saved.
		form: await superValidate(toFormData(org), zod4(organisationSchema), { errors: false }),
		archiveForm: await superValidate(zod4(archiveSchema))
	};
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		const user = requireStaff('organisations.manage');
		const form = await superValidate(request, zod4(organisationSchema));
		if (!form.valid) return fail(400, { form });
		const result = await organisations.updateOrganisation(await db(), user, params.id, form.data);
		if (!result.ok) {
			if ('reason' in result) notFound();
			return setError(form, result.field, result.error);
		}
		redirect(303, pageOf(result.id, 'saved'));
	},

	archive: async ({ request, params }) => {
		const user = requireStaff('organisations.manage');
		const form = await superValidate(request, zod4(archiveSchema));
		if (!form.valid) return fail(400, { archiveForm: form });
		const result = await organisations.archiveOrganisation(await db(), user, params.id);
		if (result === 'not_found') notFound();
		redirect(303, pageOf(params.id, 'archived'));
	},

	restore: async ({ params }) => {
		const user = requireStaff('organisations.manage');
		const result = await organisations.restoreOrganisation(await db(), user, params.id);
		if (result === 'not_found') notFound();
		redirect(303, pageOf(params.id, 'restored'));
	}
};
