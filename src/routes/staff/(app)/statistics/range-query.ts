import {
	addMonths,
	isMonth,
	isReadableMonth,
	lastTwelveMonths,
	type MonthRange
} from '$lib/server/statistics';

/** More months than this make a chart of slivers and a long query; five years is plenty. */
export const MAX_MONTHS = 60;

/** 'year': a month in the right form, but outside the years the figures are read for. */
export type RangeError = 'month' | 'year' | 'order' | 'long';

export interface RangeQuery {
	/** What was typed, shown back in the fields as it was. */
	typed: { from: string; to: string };
	errors: { from?: RangeError; to?: RangeError };
	/** The months the figures are for: the typed ones, or the default while they are wrong. */
	range: MonthRange;
}

function monthError(value: string): RangeError | null {
	if (!isMonth(value)) return 'month';
	return isReadableMonth(value) ? null : 'year';
}

/**
 * The period in the URL (`?from=2026-01&to=2026-12`, as month inputs send it). A wrong month is
 * answered with a message beside its field and the typed text kept, while the figures fall back to
 * the last twelve months rather than show nothing.
 */
export function parseRangeQuery(params: URLSearchParams, now: Date = new Date()): RangeQuery {
	const fallback = lastTwelveMonths(now);
	const typed = {
		from: (params.get('from') ?? fallback.from).trim().slice(0, 20),
		to: (params.get('to') ?? fallback.to).trim().slice(0, 20)
	};
	const errors: RangeQuery['errors'] = {};
	const fromError = monthError(typed.from);
	const toError = monthError(typed.to);
	if (fromError) errors.from = fromError;
	if (toError) errors.to = toError;
	if (!errors.from && !errors.to) {
		if (typed.to < typed.from) errors.to = 'order';
		else if (addMonths(typed.from, MAX_MONTHS) <= typed.to) errors.to = 'long';
	}
	const valid = !errors.from && !errors.to;
	return { typed, errors, range: valid ? typed : fallback };
}
