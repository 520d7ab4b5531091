import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import {
	UNSUBSCRIBE_CHOICES,
	decisionOf,
	unsubscribeSchema,
	type UnsubscribeChoice
} from '$lib/schemas/marketing';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as permissions from '$lib/server/permissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const view = await permissions.openUnsubscribe(await db(), params.token);
	if (!view) notFound();
	// After the token check, so a wrong token's 404 matches a missing page's, headers included.
	setHeaders(PRIVATE_HEADERS);
	const done = UNSUBSCRIBE_CHOICES.find((choice) => choice === url.searchParams.get('done'));
	return { state: view.state, done: done ?? null };
};

/** RFC 8058: a mail client's one-click unsubscribe posts exactly this field and value. */
function isOneClick(formData: FormData): boolean {
	return formData.get('List-Unsubscribe') === 'One-Click';
}

async function record(token: string, choice: UnsubscribeChoice): Promise<boolean> {
	const database = await db();
	if (choice === 'prohibit_all') return permissions.prohibitAllByPerson(database, token);
	const { channel, decision } = decisionOf(choice);
	return decision === 'withdrawn'
		? permissions.withdrawByPerson(database, token, channel)
		: permissions.prohibitByPerson(database, token, channel);
}

export const actions: Actions = {
	/**
	 * The only action, so that a bare POST to the link, which is what RFC 8058 one-click is, lands
	 * here. Nothing is asked but the click; GET never changes anything (mail scanners prefetch).
	 * No setHeaders here: the page rendered after the action sets them in its load.
	 */
	default: async ({ params, request }) => {
		// A body that is not a form (or is broken) is answered like an empty one: 400, not 500.
		const formData = await request.formData().catch(() => new FormData());
		if (isOneClick(formData)) {
			if (!(await record(params.token, 'withdraw_email'))) notFound();
			// No redirect: a mail provider does not follow one. The page answers 200 with the notice.
			return { done: 'withdraw_email' as UnsubscribeChoice };
		}
		const parsed = unsubscribeSchema.safeParse({ choice: formData.get('choice') });
		if (!parsed.success) {
			// Still check the token first, so a wrong link gets the same 404 whatever is posted.
			if (!(await permissions.openUnsubscribe(await db(), params.token))) notFound();
			return fail(400, { invalid: true });
		}
		if (!(await record(params.token, parsed.data.choice))) notFound();
		redirect(303, localizeHref(`/unsubscribe/${params.token}?done=${parsed.data.choice}`));
	}
};
