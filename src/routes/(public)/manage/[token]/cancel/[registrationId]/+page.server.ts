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
	setHeaders(PRIVATE_HEADERS);
	const view = await openView(params.token);
	const reg = registrations
		.presentRegistrations(view, getLocale())
		.find((r) => r.id === params.registrationId);
	if (!reg) notFound();
	return { registration: reg };
};

export const actions: Actions = {
	default: async ({ params, url, setHeaders }) => {
		setHeaders(PRIVATE_HEADERS);
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
