/**
 * The contact list's state lives in the URL (search, archived, page), so it works without
 * JavaScript, survives a reload and can be shared. Pure: the page uses it for links too.
 */
import { parsePageParam } from '$lib/whole-number';

export interface ContactListQuery {
	q: string;
	archived: boolean;
	page: number;
}

export function parseContactQuery(params: URLSearchParams): ContactListQuery {
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		archived: params.get('archived') === '1',
		page: parsePageParam(params)
	};
}

/** The query string for a list state, leaving out defaults so plain links stay plain. */
export function contactSearch(
	query: ContactListQuery,
	changes: Partial<ContactListQuery> = {}
): string {
	const next = { ...query, ...changes };
	const params = new URLSearchParams();
	if (next.q) params.set('q', next.q);
	if (next.archived) params.set('archived', '1');
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}
