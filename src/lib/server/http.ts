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
