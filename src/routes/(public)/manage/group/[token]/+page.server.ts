import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { groupCancelSchema } from '$lib/schemas/group-manage';
import { db } from '$lib/server/db/database';
import * as groups from '$lib/server/groups/manage';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import type { Actions, PageServerLoad } from './$types';

async function openGroup(token: string) {
	const view = await groups.findGroupByToken(await db(), token);
	if (!view) notFound();
	return view;
}

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const view = await openGroup(params.token);
	// After the token check, so a wrong token's 404 matches /manage/{token}'s, headers included.
	setHeaders(PRIVATE_HEADERS);
	return {
		group: groups.presentGroup(view, getLocale()),
		cancelled: url.searchParams.has('cancelled')
	};
};

const done = (token: string) => redirect(303, localizeHref(`/manage/group/${token}?cancelled=1`));

export const actions: Actions = {
	// No setHeaders here: a refused cancel renders the page, whose load sets them.
	cancel: async ({ params, request, url }) => {
		const view = await openGroup(params.token);
		const parsed = groupCancelSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { failed: true });
		const result = await groups.cancelMember(
			await db(),
			view,
			parsed.data.member,
			mailContext(url)
		);
		if (!result.ok) return fail(409, { failed: true });
		done(params.token);
	},
	cancelAll: async ({ params, url }) => {
		const view = await openGroup(params.token);
		const result = await groups.cancelAll(await db(), view, mailContext(url));
		if (!result.ok) return fail(409, { failed: true });
		done(params.token);
	}
};
