import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatShortDateTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { linkRegistrationSchema, registrationRefSchema } from '$lib/schemas/contacts';
import { requireStaff } from '$lib/server/auth/guard';
import { dismissRegistrant, linkRegistration } from '$lib/server/contacts/linking';
import { listUnlinked, unlinkedCursor, unlinkedCursorQuery } from '$lib/server/contacts/unlinked';
import { db } from '$lib/server/db/database';
import { LINK_DONE, type LinkError } from './link-messages';
import type { Actions, PageServerLoad } from './$types';
import { eventTitle } from '$lib/event-text';

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('contacts.manage');
	const locale = getLocale();
	const cursor = unlinkedCursor(url.searchParams);
	const list = await listUnlinked(await db(), user, { cursor });
	return {
		total: list.total,
		next: list.next,
		previous: list.previous,
		// The page's own address for its forms, so a link or dismissal comes back to this page.
		cursorQuery: unlinkedCursorQuery(cursor),
		rows: list.rows.map((row) => ({
			registrationId: row.registrationId,
			name: `${row.firstName} ${row.lastName}`,
			email: row.email,
			phone: row.phone,
			event: eventTitle({ titleFi: row.eventTitleFi, titleEn: row.eventTitleEn }, locale),
			eventDate: formatShortDateTime(row.eventStartsAt, locale),
			registered: formatShortDateTime(row.registeredAt, locale),
			registrations: row.registrations,
			suggestions: row.suggestions.map((s) => ({
				contactId: s.contactId,
				name: `${s.firstName} ${s.lastName}`,
				organisation: s.organisationName,
				reasons: s.reasons,
				similarity: s.nameSimilarity
			}))
		})),
		done: LINK_DONE.find((kind) => kind === url.searchParams.get('done')) ?? null
	};
};

function back(url: URL, done: (typeof LINK_DONE)[number]): never {
	// The cursor is decoded, checked and written anew, so nothing else from the address rides along
	// into the redirect; a cursor that fails the check goes back to the first page.
	const cursorQuery = unlinkedCursorQuery(unlinkedCursor(url.searchParams));
	redirect(
		303,
		localizeHref(`/staff/contacts/unlinked?${cursorQuery ? `${cursorQuery}&` : ''}done=${done}`)
	);
}

export const actions: Actions = {
	link: async ({ request, url }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(linkRegistrationSchema));
		if (!form.valid) return fail(400, { form });
		const result = await linkRegistration(await db(), user, form.data);
		if (!result.ok) return message(form, result.reason satisfies LinkError, { status: 409 });
		back(url, 'linked');
	},
	dismiss: async ({ request, url }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate(request, zod4(registrationRefSchema));
		if (!form.valid) return fail(400, { form });
		const result = await dismissRegistrant(await db(), user, form.data.registrationId);
		if (result !== 'dismissed') return message(form, result satisfies LinkError, { status: 409 });
		back(url, 'dismissed');
	}
};
