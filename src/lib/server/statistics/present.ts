import type { ChartRow } from '../../components/charts/chart';
import { formatShortDate } from '../../datetime';
import { intlLocale, type Locale } from '../../locale';
import type { SignupDay } from './event';
import type { MonthStatistics } from './months';

const DAY_MS = 86_400_000;

/** Noon UTC of a Finnish calendar day: the same day in Finnish time, whatever the season. */
const noonOf = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * The sign-up days as chart rows: placed by day number, so a quiet week is as wide as it was; the
 * columns are new sign-ups, where they stand now, and the running total the line draws.
 */
export function dayRows(days: SignupDay[], locale: Locale): (ChartRow & { x: number })[] {
	return days.map((day) => ({
		key: day.day,
		label: formatShortDate(noonOf(day.day), locale),
		x: Math.floor(noonOf(day.day).getTime() / DAY_MS),
		cells: [day.signups, day.confirmed, day.waitlisted, day.cancelled, day.total]
	}));
}

/** "maaliskuu 2026" / "March 2026" for the table; "3/26" under the bars. */
export function monthLabels(month: string, locale: Locale) {
	const [year, mon] = month.split('-').map(Number);
	const long = new Intl.DateTimeFormat(intlLocale(locale), {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
	return {
		label: long.format(new Date(Date.UTC(year!, mon! - 1, 15))),
		short: `${mon}/${String(year).slice(2)}`
	};
}

/** The months as chart rows: sign-ups and check-ins side by side. */
export function monthRows(months: MonthStatistics[], locale: Locale): ChartRow[] {
	return months.map((month) => ({
		key: month.month,
		...monthLabels(month.month, locale),
		cells: [month.signups, month.checkedIn]
	}));
}
