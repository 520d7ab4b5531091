import type { Handle, RequestEvent } from '@sveltejs/kit';
import { deLocalizeUrl, extractLocaleFromUrl, localizeHref } from '../../paraglide/runtime';
import { db } from '../db/database';
import { mustEnrollTotp } from './account';
import { isDoorDevicePath } from './door-device';
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from './cookie';
import { validateSessionToken } from './session';

/**
 * The path the router matches: percent-decoded the way SvelteKit decodes it (every escape but %25),
 * then without the locale prefix. `/%73taff/users` and `/en/%73taff/users` are routed to the staff
 * pages, so a check on the raw path would let them past the session handle.
 */
export function routedPath(url: URL): string {
	let pathname = url.pathname;
	try {
		pathname = pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		// A malformed escape: SvelteKit answers 400 before any route, so the raw path is as good.
	}
	const decoded = new URL(url);
	decoded.pathname = pathname;
	return deLocalizeUrl(decoded).pathname;
}

function isUnder(path: string, prefix: string): boolean {
	return path === prefix || path.startsWith(`${prefix}/`);
}

export function isStaffPath(url: URL): boolean {
	// Staff pages have no Swedish: /sv/staff/... is routed nowhere (src/hooks.ts) and answers 404.
	return extractLocaleFromUrl(url) !== 'sv' && isUnder(routedPath(url), '/staff');
}

/** The sign-in form and its second-factor step: the only staff pages open to anonymous visitors. */
export function isSignInPath(url: URL): boolean {
	return isUnder(routedPath(url), '/staff/login');
}

/**
 * A door device's JSON call, matched by path shape so that, as for every staff URL, the answer to
 * an anonymous caller does not tell which events exist.
 */
function isDoorDeviceRequest(url: URL): boolean {
	return isDoorDevicePath(routedPath(url));
}

/** A staff route by what the router matched, or a staff path that matched nothing (yet). */
function isStaffRequest(event: RequestEvent): boolean {
	return event.route.id?.startsWith('/staff') === true || isStaffPath(event.url);
}

/** Reads the staff session on staff routes only: a public page never reads, refreshes or sets it. */
export const staffSessionHandle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.mustEnrollTotp = false;
	if (!isStaffRequest(event)) return resolve(event);

	const secure = event.url.protocol === 'https:';
	const token = readSessionCookie(event.cookies, secure);
	if (token) {
		const result = await validateSessionToken(await db(), token);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			// Read here because the guard is synchronous; it then holds for actions and endpoints too.
			event.locals.mustEnrollTotp = await mustEnrollTotp(await db(), result.user);
			if (result.extended) setSessionCookie(event.cookies, token, result.session.expiresAt, secure);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	if (isDoorDeviceRequest(event.url) && !event.locals.session?.secondFactorVerified) {
		// A door device's JSON call is told plainly that its session is gone, so it wipes its
		// offline list, instead of being sent to a sign-in page it cannot read.
		return new Response(JSON.stringify({ error: 'unauthenticated' }), {
			status: 401,
			headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
		});
	}
	if (!event.locals.user && !isSignInPath(event.url)) {
		// Every other staff URL, existing or not, answers an anonymous visitor the same way, so the
		// answers reveal nothing about which staff routes exist. requireStaff stays the real check.
		// Staff pages have no Swedish; a Swedish kiosk's visitor is sent to the Finnish sign-in.
		const locale = extractLocaleFromUrl(event.url) === 'sv' ? 'fi' : undefined;
		const next = localizeHref(
			`/staff/login?next=${encodeURIComponent(routedPath(event.url) + event.url.search)}`,
			{ locale }
		);
		return new Response(null, {
			status: 303,
			headers: { location: next, 'cache-control': 'no-store' }
		});
	}
	const response = await resolve(event);
	// Staff pages show personal data: never keep them in a shared or back/forward cache.
	response.headers.set('cache-control', 'no-store');
	return response;
};
