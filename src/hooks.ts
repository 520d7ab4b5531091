import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl, extractLocaleFromUrl } from '$lib/paraglide/runtime';

/** The router's view of a path: percent-escapes decoded, so `/%73taff` is `/staff`. */
function decodedPath(pathname: string): string {
	try {
		return decodeURI(pathname);
	} catch {
		return pathname;
	}
}

/** An event's kiosk: the public sign-up form on a staff tablet, so visitors choose Swedish too. */
const KIOSK_PATH = /^\/staff\/events\/[^/]+\/kiosk(\/thanks)?\/?$/;

/**
 * /en/events/x is served by the route for /events/x; the locale comes from the URL alone. Staff
 * pages have no Swedish: /sv/staff/... keeps its prefix, matches no route and answers 404; only
 * the kiosk, which visitors fill in, is served in Swedish as well.
 */
export const reroute: Reroute = ({ url }) => {
	const path = deLocalizeUrl(url).pathname;
	const routed = decodedPath(path);
	if (
		extractLocaleFromUrl(url) === 'sv' &&
		(routed === '/staff' || routed.startsWith('/staff/')) &&
		!KIOSK_PATH.test(routed)
	) {
		return url.pathname;
	}
	return path;
};
