import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as requests from '$lib/server/requests';
import type { Actions, PageServerLoad } from './$types';

export type VerifyPageState = 'open' | 'confirmed' | 'verified' | 'expired' | 'closed';

/**
 * The requester confirms that a data-subject request is theirs. Opening the link only shows the
 * request (mail scanners fetch links before people do); only the button's POST verifies it.
 */
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const view = await requests.openVerification(await db(), params.token);
	if (!view) notFound();
	// After the token check, so a wrong token's 404 matches a missing page's, headers included.
	setHeaders(PRIVATE_HEADERS);
	const state: VerifyPageState =
		view.state === 'verified' && url.searchParams.has('confirmed') ? 'confirmed' : view.state;
	return { state, kind: view.kind, controllerEmail: config().controller.email };
};

export const actions: Actions = {
	// No setHeaders here: the redirect's target page sets them.
	default: async ({ params }) => {
		const result = await requests.confirmVerification(await db(), params.token);
		if (result === 'not_found') notFound();
		const done = result === 'confirmed' ? '?confirmed=1' : '';
		redirect(303, localizeHref(`/requests/verify/${params.token}${done}`));
	}
};
