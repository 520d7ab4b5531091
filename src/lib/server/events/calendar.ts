import { localised } from '../../event-text';
import type { Locale } from '../../locale';
import type { Event } from '../db/schema';
import { localePath } from '../mail-context';
import { createPublicIcs, eventUid } from '../mail/ics';

/**
 * The public "add to calendar" file of an event, in the page's language (Finnish where staff left
 * that language out). A cancelled event still answers, marked cancelled, so that importing it
 * again withdraws an entry added earlier instead of failing with a 404.
 */
export function eventCalendarFile(ev: Event, locale: Locale, origin: string, now = new Date()) {
	const { title, description } = localised(ev, locale);
	const url = origin + localePath(locale, `/events/${ev.slug}`);
	return {
		filename: `${ev.slug}.ics`,
		content: createPublicIcs(
			{
				uid: eventUid(ev.id, origin),
				cancelled: ev.status === 'cancelled',
				event: {
					title,
					// Many calendars show no URL property: the link goes in the text as well.
					description: `${description}\n\n${url}`.trim(),
					location: ev.location,
					startsAt: ev.startsAt,
					endsAt: ev.endsAt,
					url
				}
			},
			now
		)
	};
}
