/**
 * The URL parameters every staff list shares. Client-safe: the pager builds its links with them,
 * and the server's list query reads them (src/lib/server/list/query.ts).
 */

/** The typed search text. */
export const SEARCH_PARAM = 'q';
/** An opaque keyset cursor: show the page after this row… */
export const AFTER_PARAM = 'after';
/** …or the page before it. */
export const BEFORE_PARAM = 'before';
/** Parameters that belong to one page of a list; a new search or filter starts again without them. */
export const CURSOR_PARAMS = [AFTER_PARAM, BEFORE_PARAM] as const;

/**
 * The address of another page of the list: the current one with every other parameter kept
 * (search, filters) and only the cursor swapped; without a cursor, the first page.
 */
export function cursorHref(
	url: URL,
	param?: (typeof CURSOR_PARAMS)[number],
	cursor?: string
): string {
	const params = new URLSearchParams(url.searchParams);
	for (const name of CURSOR_PARAMS) params.delete(name);
	if (param && cursor) params.set(param, cursor);
	const text = params.toString();
	return `${url.pathname}${text ? `?${text}` : ''}`;
}
