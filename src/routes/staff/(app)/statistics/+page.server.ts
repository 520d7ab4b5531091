import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import * as statistics from '$lib/server/statistics';
import { MAX_MONTHS, parseRangeQuery } from './range-query';
import type { PageServerLoad } from './$types';

// Aggregates only, no names: reading them is not a personal-data read, so nothing is audited.
export const load: PageServerLoad = async ({ url }) => {
	requireStaff('events.view');
	const locale = getLocale();
	const query = parseRangeQuery(url.searchParams);
	const months = await statistics.summariseMonths(await db(), query.range);
	const sum = (pick: (month: statistics.MonthStatistics) => number) =>
		months.reduce((total, month) => total + pick(month), 0);
	return {
		typed: query.typed,
		errors: query.errors,
		maxMonths: MAX_MONTHS,
		range: {
			from: statistics.monthLabels(query.range.from, locale).label,
			to: statistics.monthLabels(query.range.to, locale).label
		},
		totals: {
			events: sum((month) => month.events),
			signups: sum((month) => month.signups),
			checkedIn: sum((month) => month.checkedIn)
		},
		months: months.map((month) => ({ ...month, ...statistics.monthLabels(month.month, locale) })),
		chart: statistics.monthRows(months, locale)
	};
};
