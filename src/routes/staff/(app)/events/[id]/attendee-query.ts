/**
 * The attendee list's state lives in the URL (search, filter, sort, keyset cursor), so it works
 * without JavaScript, survives a reload and can be shared with a colleague. Pure: the page and the
 * export read it.
 */
export const STATUS_FILTERS = ['all', 'confirmed', 'waitlisted', 'cancelled'] as const;
export const SORTS = ['name', 'registered', 'status'] as const;

/** The list's filters in its URL, the first of each the default (parseListQuery's spec). */
export const ATTENDEE_FILTERS = { status: STATUS_FILTERS, sort: SORTS } as const;

function oneOf<T extends string>(options: readonly T[], value: string | null, fallback: T): T {
	return options.find((option) => option === value) ?? fallback;
}

/** The status filter alone, for the export of what the list shows. */
export function parseStatusFilter(params: URLSearchParams): (typeof STATUS_FILTERS)[number] {
	return oneOf(STATUS_FILTERS, params.get('status'), 'all');
}
