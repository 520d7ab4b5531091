import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { archiveSchema, type ContactFormData } from '$lib/schemas/contacts';
import { requireStaff } from '$lib/server/auth/guard';
import * as contacts from '$lib/server/contacts/contacts';
import { contactFormSchema } from '$lib/server/contacts/schemas';
import * as organisations from '$lib/server/contacts/organisations';
import { db } from '$lib/server/db/database';
import type { ContactPerson } from '$lib/server/db/schema';
import { notFound } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

function toFormData(contact: ContactPerson): ContactFormData {
	return {
		firstName: contact.firstName,
		lastName: contact.lastName,
		email: contact.email ?? '',
		phone: contact.phone ?? '',
		title: contact.title ?? '',
		organisationId: contact.organisationId ?? '',
		basis: contact.basis
	};
}

const pageOf = (id: string, done: string) => localizeHref(`/staff/contacts/${id}?done=${done}`);

export const load: PageServerLoad = async ({ params }) => {
	const user = requireStaff('contacts.manage');
	const database = await db();
	const result = await contacts.getContact(database, user, params.id, 'edit');
	if (result.kind === 'merged') {
		redirect(303, localizeHref(`/staff/contacts/${result.survivorId}/edit`));
	}
	if (result.kind === 'not_found') notFound();
	const { contact } = result.view;
	return {
		contact: {
			id: contact.id,
			name: `${contact.firstName} ${contact.lastName}`,
			archived: contact.archivedAt !== null
		},
		// The organisation they are at stays in the list even when it has been archived.
		organisations: await organisations.listOrganisationOptions(database, contact.organisationId),
		// A contact saved under older rules still opens; the checks apply when it is saved.
		form: await superValidate(toFormData(contact), zod4(contactFormSchema), { errors: false }),
		archiveForm: await superValidate(zod4(archiveSchema))
	};
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(contactFormSchema));
		if (!form.valid) return fail(400, { form });
		const result = await contacts.updateContact(await db(), user, params.id, form.data);
		if (!result.ok) {
			if ('reason' in result) notFound();
			return setError(form, result.field, result.error);
		}
		redirect(303, pageOf(result.id, 'saved'));
	},

	archive: async ({ request, params }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(archiveSchema));
		if (!form.valid) return fail(400, { archiveForm: form });
		const result = await contacts.archiveContact(await db(), user, params.id);
		if (result === 'not_found') notFound();
		redirect(303, pageOf(params.id, 'archived'));
	},

	restore: async ({ params }) => {
		const user = requireStaff('contacts.manage');
		const result = await contacts.restoreContact(await db(), user, params.id);
		if (result === 'not_found') notFound();
		redirect(303, pageOf(params.id, 'restored'));
	}
};
