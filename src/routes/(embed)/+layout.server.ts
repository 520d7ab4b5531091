import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

/**
 * The embeddable views ship no SvelteKit script: like the event page, they are plain HTML forms, so
 * they work in a frame without JavaScript and carry no CSP nonce (the event view is cached). The
 * only script is the optional height report, a static file allowed by script-src 'self'.
 */
export const csr = false;

export const load: LayoutServerLoad = () => {
	const settings = config();
	return {
		organisation: settings.brand.name ?? settings.controller.name,
		embedOrigins: settings.embedOrigins
	};
};
