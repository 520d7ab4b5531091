import { EVENT_TIME_ZONE } from '$lib/datetime';
import { intlLocale, type Locale } from '$lib/locale';

/** A time of the event's day as the door reads it: "9.02" in Finnish, "09:02" in English. */
export function formatClock(iso: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: EVENT_TIME_ZONE,
		hour: locale === 'fi' ? 'numeric' : '2-digit',
		minute: '2-digit'
	}).format(new Date(iso));
}
