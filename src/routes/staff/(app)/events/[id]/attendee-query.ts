/**
 * The attendee list's state lives in the URL (search, filter, sort, page), so it works without
 * JavaScript, survives a reload and can be shared with a colleague. Pure: the page uses it for links.
 */
import { parsePageParam } from '$lib/whole-number';

export const STATUS_FILTERS = ['all', 'confirmed', 'waitlisted', 'cancelled'] as const;
export const SORTS = ['name', 'registered', 'status'] as const;

export interface ListQuery {
	q: string;
	status: (typeof STATUS_FILTERS)[number];
	sort: (typeof SORTS)[number];
	page: number;
}

function oneOf<T extends string>(options: readonly T[], value: string | null, fallback: T): T {
	return options.find((option) => option === value) ?? fallback;
}

export function parseListQuery(params: URLSearchParams): ListQuery {
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		status: oneOf(STATUS_FILTERS, params.get('status'), 'all'),
		sort: oneOf(SORTS, params.get('sort'), 'name'),
		page: parsePageParam(params)
	};
}

/** The query string for a list state, leaving out defaults so plain links stay plain. */
export function listSearch(query: ListQuery, changes: Partial<ListQuery> = {}): string {
	const next = { ...query, ...changes };
	const params = new URLSearchParams();
	if (next.q) params.set('q', next.q);
	if (next.status !== 'all') params.set('status', next.status);
	if (next.sort !== 'name') params.set('sort', next.sort);
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}
