import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /en/events/x is served by the route for /events/x; the locale comes from the URL alone.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
