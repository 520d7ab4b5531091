/**
 * The organisation list's state lives in the URL (search, status, archived, page), so it works
 * without JavaScript, survives a reload and can be shared. Pure: the page uses it for links too.
 */
import { CUSTOMER_STATUSES } from '$lib/schemas/contacts';
import { parsePageParam } from '$lib/whole-number';

export const STATUS_FILTERS = ['all', ...CUSTOMER_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface OrganisationListQuery {
	q: string;
	status: StatusFilter;
	archived: boolean;
	page: number;
}

export function parseOrganisationQuery(params: URLSearchParams): OrganisationListQuery {
	const status = params.get('status');
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		status: STATUS_FILTERS.find((option) => option === status) ?? 'all',
		archived: params.get('archived') === '1',
		page: parsePageParam(params)
	};
}

/** The query string for a list state, leaving out defaults so plain links stay plain. */
export function organisationSearch(
	query: OrganisationListQuery,
	changes: Partial<OrganisationListQuery> = {}
): string {
	const next = { ...query, ...changes };
	const params = new URLSearchParams();
	if (next.q) params.set('q', next.q);
	if (next.status !== 'all') params.set('status', next.status);
	if (next.archived) params.set('archived', '1');
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `?${text}` : '';
}
