import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

/**
 * HttpOnly so scripts cannot read it, SameSite=Lax against cross-site posts, Secure whenever the site
 * is served over https. Path / because staff pages live under /staff and /en/staff alike; the
 * session is read and refreshed only on staff routes, so public pages never set it.
 */
export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
