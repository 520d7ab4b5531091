import { deLocalizeUrl } from '../../paraglide/runtime';

const HOME = '/staff';

/**
 * Where to go after signing in: a staff page of this site and nothing else, so the `next`
 * parameter cannot send anyone elsewhere (an open redirect). `next` is resolved the way a browser
 * would resolve it against this site (dot segments, backslashes, tabs and newlines, percent-encoded
 * dots), and only the normalised, unlocalised path and query of a same-origin staff page come
 * back; the caller localises it. Anything else, or anything that still looks like a second host
 * (`//`, an encoded slash or backslash), is the dashboard.
 */
export function safeNext(next: string | null, origin: string): string {
	if (!next) return HOME;
	let url: URL;
	try {
		url = deLocalizeUrl(new URL(next, origin));
	} catch {
		return HOME;
	}
	const path = url.pathname;
	if (url.origin !== new URL(origin).origin) return HOME;
	if (path !== HOME && !path.startsWith(`${HOME}/`)) return HOME;
	// Harmless in a path, but a browser or proxy decoding once more would see another host.
	if (path.includes('//') || /%(2f|5c)|\\/i.test(path)) return HOME;
	if (/^\/staff\/(login|logout)(\/|$)/.test(path)) return HOME;
	return path + url.search;
}
