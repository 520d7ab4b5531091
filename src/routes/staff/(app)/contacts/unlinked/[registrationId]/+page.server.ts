import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatShortDateTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	contactFromRegistrationSchema,
	contactWithOrganisationSchema,
	linkRegistrationSchema,
	registrationRefSchema,
	type ContactFromRegistrationData,
	type ContactWithOrganisationData
} from '$lib/schemas/contacts';
import { requireStaff } from '$lib/server/auth/guard';
import {
	createContactFromRegistration,
	createContactWithOrganisation,
	dismissRegistrant,
	linkRegistration,
	undismissRegistrant,
	unlinkRegistration
} from '$lib/server/contacts/linking';
import { openLinking, organisationChoices } from '$lib/server/contacts/unlinked';
import { db } from '$lib/server/db/database';
import type { ContactBasis } from '$lib/server/db/schema';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';
import { LINK_DONE, type LinkDone, type LinkError } from '../link-messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('contacts.manage');
	const database = await db();
	const opened = await openLinking(database, user, params.registrationId);
	if (!opened) notFound();
	const locale = getLocale();
	const { registration: reg, event, contact, suggestions, dismissed } = opened;
	const orgQuery = (url.searchParams.get('org') ?? '').slice(0, 100);
	const organisations = await organisationChoices(database, {
		q: orgQuery,
		emailNormalised: reg.emailNormalised,
		suggestedIds: suggestions.flatMap((s) => (s.organisationId ? [s.organisationId] : []))
	});
	const registrationId = reg.id;
	return {
		registrant: {
			id: reg.id,
			name: `${reg.firstName} ${reg.lastName}`,
			email: reg.email,
			phone: reg.phone,
			event: events.localised(event, locale).title,
			eventDate: formatShortDateTime(event.startsAt, locale),
			registered: formatShortDateTime(reg.createdAt, locale)
		},
		contact: contact && {
			id: contact.id,
			name: `${contact.firstName} ${contact.lastName}`,
			organisation: suggestions.find((s) => s.contactId === contact.id)?.organisationName ?? null
		},
		dismissed,
		suggestions: suggestions.map((s) => ({
			contactId: s.contactId,
			name: `${s.firstName} ${s.lastName}`,
			email: s.email,
			phone: s.phone,
			title: s.title,
			organisation: s.organisationName,
			reasons: s.reasons,
			similarity: s.nameSimilarity
		})),
		orgQuery,
		organisations,
		atOrgForm: await superValidate<ContactFromRegistrationData, LinkError>(
			{ registrationId, organisationId: organisations.length === 1 ? organisations[0]!.id : '' },
			zod4(contactFromRegistrationSchema),
			{ id: 'at-org', errors: false }
		),
		newOrgForm: await superValidate<ContactWithOrganisationData, LinkError>(
			{ registrationId },
			zod4(contactWithOrganisationSchema),
			{
				id: 'new-org',
				errors: false
			}
		),
		done: LINK_DONE.find((kind) => kind === url.searchParams.get('done')) ?? null
	};
};

function stay(registrationId: string, done: LinkDone): never {
	redirect(303, localizeHref(`/staff/contacts/unlinked/${registrationId}?done=${done}`));
}

function toContact(contactId: string): never {
	redirect(303, localizeHref(`/staff/contacts/${contactId}?done=created`));
}

export const actions: Actions = {
	link: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(linkRegistrationSchema));
		if (!form.valid) return fail(400, { form });
		const result = await linkRegistration(await db(), user, form.data);
		if (!result.ok) return message(form, result.reason satisfies LinkError, { status: 409 });
		stay(form.data.registrationId, 'linked');
	},
	unlink: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(registrationRefSchema));
		if (!form.valid) return fail(400, { form });
		await unlinkRegistration(await db(), user, form.data.registrationId);
		stay(form.data.registrationId, 'unlinked');
	},
	dismiss: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(registrationRefSchema));
		if (!form.valid) return fail(400, { form });
		const result = await dismissRegistrant(await db(), user, form.data.registrationId);
		if (result !== 'dismissed') return message(form, result satisfies LinkError, { status: 409 });
		stay(form.data.registrationId, 'dismissed');
	},
	undismiss: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(registrationRefSchema));
		if (!form.valid) return fail(400, { form });
		await undismissRegistrant(await db(), user, form.data.registrationId);
		stay(form.data.registrationId, 'restored');
	},
	createAtOrganisation: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate<ContactFromRegistrationData, LinkError>(
			request,
			zod4(contactFromRegistrationSchema),
			{
				id: 'at-org'
			}
		);
		if (!form.valid) return fail(400, { atOrgForm: form });
		const result = await createContactFromRegistration(await db(), user, {
			...form.data,
			// The refinement refused '' above.
			basis: form.data.basis as ContactBasis
		});
		if (result.ok) toContact(result.contactId);
		if (result.reason === 'organisation_not_found') {
			setError(form, 'organisationId', 'required');
			return fail(400, { atOrgForm: form });
		}
		return message(form, result.reason, { status: 409 });
	},
	createWithOrganisation: async ({ request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate<ContactWithOrganisationData, LinkError>(
			request,
			zod4(contactWithOrganisationSchema),
			{
				id: 'new-org'
			}
		);
		if (!form.valid) return fail(400, { newOrgForm: form });
		const result = await createContactWithOrganisation(await db(), user, {
			...form.data,
			basis: form.data.basis as ContactBasis
		});
		if (result.ok) toContact(result.contactId);
		if (result.reason === 'businessIdInvalid' || result.reason === 'businessIdTaken') {
			setError(form, 'businessId', result.reason);
			return fail(400, { newOrgForm: form });
		}
		if (result.reason === 'no_name') {
			setError(form, 'organisationName', 'required');
			return fail(400, { newOrgForm: form });
		}
		return message(form, result.reason, { status: 409 });
	}
};
