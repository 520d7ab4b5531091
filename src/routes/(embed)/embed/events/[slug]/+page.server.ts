import { loadEventPage, signUp } from '$lib/server/pages/event-page';
import type { Actions, PageServerLoad } from './$types';

/**
 * The event page in the company site's frame: the same page and form, posting to itself (its
 * Origin is this site's own, so the cross-site check passes) and landing on the framed answer page.
 * No script and no cookie, so it works where the browser blocks a frame's storage. Cached like the
 * page itself (hooks.server.ts).
 */
export const csr = false;

export const load: PageServerLoad = ({ params }) => loadEventPage(params.slug);

export const actions: Actions = {
	default: (event) => signUp(event, 'embed')
};
