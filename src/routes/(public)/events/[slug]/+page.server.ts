import { loadEventPage, signUp, type FormMessage } from '$lib/server/pages/event-page';
import type { Actions, PageServerLoad } from './$types';

/**
 * Served without JavaScript: the form is plain HTML whose every check the server makes anyway, so
 * the page costs no script and works alike in every browser. It also carries no CSP nonce, which
 * lets one rendering serve every visitor (hooks.server.ts, events/page-cache.ts).
 */
export const csr = false;

export type { FormMessage };

export const load: PageServerLoad = ({ params }) => loadEventPage(params.slug);

export const actions: Actions = {
	default: (event) => signUp(event, 'page')
};
