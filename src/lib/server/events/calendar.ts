import { localised } from '../../event-text';
import type { Locale } from '../../locale';
import type { Event } from '../db/schema';
import { localePath, type MailContext } from '../mail-context';
import { createPublicIcs, eventUid, type CalendarEventText } from '../mail/ics';

/**
 * The event's revision for calendars: the row's last change in whole seconds. It grows with every
 * edit and the cancellation, without a counter of its own (an int32 until 2038). The download and
 * the subscribable feed share it, so either one replaces what the other added.
 */
export function eventSequence(ev: Pick<Event, 'updatedAt'>): number {
	return Math.floor(ev.updatedAt.getTime() / 1000);
}

/** What a calendar entry says of the event in one language; the download and the feed alike. */
export function eventCalendarText(ev: Event, locale: Locale, origin: string): CalendarEventText {
	const { title, description } = localised(ev, locale);
	const url = origin + localePath(locale, `/events/${ev.slug}`);
	return {
		title,
		// Many calendars show no URL property: the link goes in the text as well.
		description: `${description}\n\n${url}`.trim(),
		location: ev.location,
		startsAt: ev.startsAt,
		endsAt: ev.endsAt,
		url
	};
}

/**
 * The public "add to calendar" file of an event, in the page's language (Finnish where staff left
 * that language out). A cancelled event still answers, marked cancelled, so that importing it
 * again withdraws an entry added earlier instead of failing with a 404.
 */
export function eventCalendarFile(
	ev: Event,
	locale: Locale,
	context: MailContext,
	now = new Date()
) {
	const { origin } = context;
	return {
		filename: `${ev.slug}.ics`,
		content: createPublicIcs(
			{
				uid: eventUid(ev.id, origin),
				cancelled: ev.status === 'cancelled',
				sequence: eventSequence(ev),
				organizer: context.organizer,
				event: eventCalendarText(ev, locale, origin)
			},
			now
		)
	};
}
