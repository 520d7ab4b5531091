/**
 * SvelteKit's cross-site form check, done here so one kind of request can pass it: an RFC 8058
 * one-click unsubscribe, which mail providers POST without an Origin header. That path carries its
 * own secret (the token) and no cookie, so a forged post can do nothing its link could not.
 * Everything else is refused exactly as SvelteKit would (svelte.config.js turns its check off).
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOKEN_ONLY_PATH = /^(\/en|\/sv)?\/unsubscribe\/[^/]+\/?$/;

function isFormContentType(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

export function isForbiddenCrossSiteForm(request: Request, url: URL): boolean {
	if (!UNSAFE_METHODS.has(request.method) || !isFormContentType(request)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !TOKEN_ONLY_PATH.test(url.pathname);
}

export function crossSiteRefusal(request: Request): Response {
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	if (request.headers.get('accept') === 'application/json') {
		return Response.json({ message }, { status: 403 });
	}
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
}
