/** The dealer's events happen in Turku: times are always shown in Finnish time, whatever the viewer's zone. */
export const EVENT_TIME_ZONE = 'Europe/Helsinki';

export type Locale = 'fi' | 'en';

const intlLocale = (locale: Locale) => (locale === 'fi' ? 'fi-FI' : 'en-GB');

export function formatDateTime(date: Date, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: EVENT_TIME_ZONE,
		dateStyle: 'full',
		timeStyle: 'short'
	}).format(date);
}

/** "Thursday 10 December 2026, 10:00–14:30", or both full dates when the event spans days. */
export function formatEventRange(start: Date, end: Date, locale: Locale): string {
	const day = (d: Date) =>
		new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE }).format(d);
	if (day(start) === day(end)) {
		const time = new Intl.DateTimeFormat(intlLocale(locale), {
			timeZone: EVENT_TIME_ZONE,
			timeStyle: 'short'
		});
		return `${formatDateTime(start, locale)}–${time.format(end)}`;
	}
	return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
}
