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

/**
 * /en/events/x is served by the route for /events/x; the locale comes from the URL alone. Staff
 * pages have no Swedish: /sv/staff/... keeps its prefix, matches no route and answers 404.
 */
export const reroute: Reroute = ({ url }) => {
	const path = deLocalizeUrl(url).pathname;
	const routed = decodedPath(path);
	if (extractLocaleFromUrl(url) === 'sv' && (routed === '/staff' || routed.startsWith('/staff/'))) {
		return url.pathname;
	}
	return path;
};
