import type { Cookies } from '@sveltejs/kit';
import { sessionCookieName } from './session';

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
	cookies.set(sessionCookieName(secure), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(sessionCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The token of this request's session cookie, under the name `secure` gives it. */
export function readSessionCookie(cookies: Cookies, secure: boolean): string | undefined {
	return cookies.get(sessionCookieName(secure));
}
