import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as permissions from '$lib/server/permissions';
import type { Actions, PageServerLoad } from './$types';

export type ConsentPageState = 'open' | 'confirmed' | 'already' | 'expired';

/**
 * The second half of double opt-in. Opening the link only shows the request: mail scanners fetch
 * links before people do, so only the button's POST records anything. An expired link is answered
 * 200 with a page that says so (GET and POST alike), like the other outcomes.
 */
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const view = await permissions.openConsentRequest(await db(), params.token);
	if (!view) notFound();
	// After the token check, so a wrong token's 404 matches a missing page's, headers included.
	setHeaders(PRIVATE_HEADERS);
	const state: ConsentPageState = view.confirmed
		? url.searchParams.has('confirmed')
			? 'confirmed'
			: 'already'
		: view.expired
			? 'expired'
			: 'open';
	return {
		state,
		email: view.email,
		// The exact text the grant will point at, in the language the request was made in.
		wordingText: view.wordingText,
		wordingLocale: view.locale,
		controllerEmail: config().controller.email
	};
};

export const actions: Actions = {
	// No setHeaders here: the redirect's target page sets them.
	default: async ({ params }) => {
		const result = await permissions.confirmConsent(await db(), params.token);
		if (result === 'not_found') notFound();
		// Back to the page, which tells expired and already-confirmed links from the fresh grant.
		const done = result === 'granted' ? '?confirmed=1' : '';
		redirect(303, localizeHref(`/consent/${params.token}${done}`));
	}
};
