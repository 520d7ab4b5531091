import { formatDateTime } from '$lib/datetime';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/contacts/organisations';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/** Notices after a redirect here; anything else in `?done=` is ignored. */
const DONE = ['created', 'saved', 'archived', 'restored'] as const;
export type Done = (typeof DONE)[number];

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('organisations.manage');
	const view = await organisations.getOrganisation(await db(), user, params.id);
	if (!view) notFound();
	const { organisation: org } = view;
	return {
		organisation: {
			id: org.id,
			name: org.name,
			businessId: org.businessId,
			street: org.street,
			postalCode: org.postalCode,
			city: org.city,
			email: org.email,
			phone: org.phone,
			status: org.customerStatus,
			notes: org.notes,
			archivedOn: org.archivedAt ? formatDateTime(org.archivedAt, getLocale()) : null
		},
		contacts: view.contacts.map((contact) => ({
			id: contact.id,
			name: `${contact.lastName}, ${contact.firstName}`,
			title: contact.title,
			email: contact.email,
			phone: contact.phone
		})),
		done: DONE.find((kind) => kind === url.searchParams.get('done')) ?? null
	};
};
