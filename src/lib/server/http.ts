import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';

/**
 * The same 404 as for a page that does not exist: a wrong manage token must not be told apart from
 * a missing route.
 */
export function notFound(): never {
	error(404, 'Not Found');
}

/** Headers for pages that show personal data: never cached, never indexed. */
export const PRIVATE_HEADERS = {
	'cache-control': 'no-store',
	'x-robots-tag': 'noindex, nofollow'
};

/** Whether an If-None-Match header names this ETag (weakly, RFC 9110 §13.1.2), or is `*`. */
function matchesEtag(header: string | null, etag: string): boolean {
	if (!header) return false;
	// The compression layer marks its ETags weak (W/"…"): the bytes differ, the content does not.
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * A public answer a client may revalidate cheaply: the ETag is the body's digest, so a feed
 * reader polling every hour gets 304 and no body while nothing changed.
 */
export function revalidatableResponse(
	request: Request,
	body: string,
	headers: Record<string, string>
): Response {
	const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
	if (matchesEtag(request.headers.get('if-none-match'), etag)) {
		const cacheControl = headers['cache-control'];
		return new Response(null, {
			status: 304,
			headers: { etag, ...(cacheControl ? { 'cache-control': cacheControl } : {}) }
		});
	}
	return new Response(body, { headers: { ...headers, etag } });
}
