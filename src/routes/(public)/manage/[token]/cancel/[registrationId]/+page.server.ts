import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import * as registrations from '$lib/server/registrations';
import type { Actions, PageServerLoad } from './$types';

async function openView(token: string) {
	const view = await registrations.openManage(await db(), token);
	if (!view) notFound();
	return view;
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const view = await openView(params.token);
	const reg = registrations
		.presentRegistrations(view, getLocale())
		.find((r) => r.id === params.registrationId);
	if (!reg) notFound();
	// After the checks, so a wrong link's 404 matches a missing page's, headers included.
	setHeaders(PRIVATE_HEADERS);
	return { registration: reg };
};

export const actions: Actions = {
	// No setHeaders here: a refused cancel renders the page, whose load sets them, and SvelteKit
	// refuses (500) a header set twice in one request.
	default: async ({ params, url }) => {
		const view = await openView(params.token);
		const result = await registrations.cancelOwn(
			await db(),
			view,
			params.registrationId,
			mailContext(url)
		);
		if (!result.ok) return fail(409, { failed: true });
		redirect(303, localizeHref(`/manage/${params.token}?cancelled=1`));
	}
};
