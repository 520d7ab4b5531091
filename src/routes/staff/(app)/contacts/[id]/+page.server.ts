import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatShortDateTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { registrationRefSchema } from '$lib/schemas/contacts';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import * as contacts from '$lib/server/contacts/contacts';
import { unlinkRegistration } from '$lib/server/contacts/linking';
import { sendContactNotice } from '$lib/server/contacts/notice';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import { stateOf } from '$lib/server/permissions';
import type { Actions, PageServerLoad } from './$types';
import { eventTitle } from '$lib/event-text';

/** Notices after a redirect here; anything else in `?done=` is ignored. */
const DONE = ['created', 'saved', 'archived', 'restored', 'unlinked', 'notice_sent'] as const;
export type Done = (typeof DONE)[number];
export type Refusal = 'not_linked' | 'no_email';

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('contacts.manage');
	const result = await contacts.getContact(await db(), user, params.id);
	// A record merged into another lives on as the survivor: its old address leads there.
	if (result.kind === 'merged') redirect(303, localizeHref(`/staff/contacts/${result.survivorId}`));
	if (result.kind === 'not_found') notFound();
	const { contact, organisation, fromRegistration, events } = result.view;
	const locale = getLocale();
	const title = (e: { titleFi: string; titleEn: string }) => eventTitle(e, locale);
	return {
		contact: {
			id: contact.id,
			name: `${contact.firstName} ${contact.lastName}`,
			title: contact.title,
			email: contact.email,
			phone: contact.phone,
			source: contact.source,
			basis: contact.basis,
			noticeSentOn: contact.noticeSentAt ? formatShortDateTime(contact.noticeSentAt, locale) : null,
			archivedOn: contact.archivedAt ? formatShortDateTime(contact.archivedAt, locale) : null
		},
		organisation,
		fromRegistration: fromRegistration
			? { eventId: fromRegistration.eventId, event: title(fromRegistration) }
			: null,
		events: events.map((row) => ({
			registrationId: row.registrationId,
			eventId: row.eventId,
			event: title(row),
			date: formatShortDateTime(row.startsAt, locale),
			dateIso: row.startsAt.toISOString(),
			status: row.status,
			checkedIn: row.checkedInAt !== null,
			linked: row.linked
		})),
		unlinkForm: await superValidate(zod4(registrationRefSchema)),
		// The derived state per channel; the full history is /staff/permissions/{personId}.
		marketing: hasRight(user.role, 'permissions.manage')
			? { personId: contact.personId, state: await stateOf(await db(), contact.personId) }
			: null,
		done: DONE.find((kind) => kind === url.searchParams.get('done')) ?? null
	};
};

const back = (id: string, done: Done) => localizeHref(`/staff/contacts/${id}?done=${done}`);

export const actions: Actions = {
	unlink: async ({ request, params }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(registrationRefSchema));
		if (!form.valid) return fail(400, { form });
		const result = await unlinkRegistration(await db(), user, form.data.registrationId);
		if (result === 'not_linked') return fail(409, { refused: 'not_linked' satisfies Refusal });
		redirect(303, back(params.id, 'unlinked'));
	},

	sendNotice: async ({ params, url }) => {
		const user = requireStaff('contacts.manage');
		const result = await sendContactNotice(await db(), user, params.id, mailContext(url));
		if (result === 'not_found') notFound();
		if (result === 'no_email') return fail(409, { refused: 'no_email' satisfies Refusal });
		redirect(303, back(params.id, 'notice_sent'));
	}
};
