import { parsePageParam } from '$lib/whole-number';

/** The list's filters, as permissions/list.ts names them (STATE_FILTERS, kept out of the client). */
export const FILTERS = ['all', 'may_email', 'prohibited', 'not_asked'] as const;
export type StateFilter = (typeof FILTERS)[number];

/**
 * The permission list's state lives in the URL (search, filter, page), so it works without
 * JavaScript, survives a reload and can be shared. Pure: the page uses it for links too.
 */
export interface PermissionListQuery {
	q: string;
	filter: StateFilter;
	page: number;
}

export function parsePermissionQuery(params: URLSearchParams): PermissionListQuery {
	const filter = FILTERS.find((value) => value === params.get('filter')) ?? 'all';
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		filter,
		page: parsePageParam(params)
	};
}

/** The query string for a list state, leaving out defaults so plain links stay plain. */
export function permissionSearch(
	query: PermissionListQuery,
	changes: Partial<PermissionListQuery> = {}
): string {
	const next = { ...query, ...changes };
	const params = new URLSearchParams();
	if (next.q) params.set('q', next.q);
	if (next.filter !== 'all') params.set('filter', next.filter);
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}
