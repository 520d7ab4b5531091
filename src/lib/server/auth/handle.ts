import type { Handle } from '@sveltejs/kit';
import { deLocalizeUrl, localizeHref } from '../../paraglide/runtime';
import { db } from '../db/database';
import { mustEnrollTotp } from './account';
import { deleteSessionCookie, setSessionCookie } from './cookie';
import { SESSION_COOKIE, validateSessionToken } from './session';

export function isStaffPath(url: URL): boolean {
	const path = deLocalizeUrl(url).pathname;
	return path === '/staff' || path.startsWith('/staff/');
}

/** The sign-in form and its second-factor step: the only staff pages open to anonymous visitors. */
function isSignInPath(url: URL): boolean {
	const path = deLocalizeUrl(url).pathname;
	return path === '/staff/login' || path.startsWith('/staff/login/');
}

/** Reads the staff session on staff routes only: a public page never reads, refreshes or sets it. */
export const staffSessionHandle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.mustEnrollTotp = false;
	if (!isStaffPath(event.url)) return resolve(event);

	const token = event.cookies.get(SESSION_COOKIE);
	const secure = event.url.protocol === 'https:';
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
	if (!event.locals.user && !isSignInPath(event.url)) {
		// Every other staff URL, existing or not, answers an anonymous visitor the same way, so the
		// answers reveal nothing about which staff routes exist. requireStaff stays the real check.
		const here = deLocalizeUrl(event.url);
		const next = localizeHref(
			`/staff/login?next=${encodeURIComponent(here.pathname + here.search)}`
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
