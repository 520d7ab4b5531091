import { localised } from '../../event-text';
import type { Locale } from '../../locale';
import type { Event } from '../db/schema';
import { localePath, type MailContext } from '../mail-context';
import { createPublicIcs, eventUid } from '../mail/ics';

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
	const { title, description } = localised(ev, locale);
	const url = origin + localePath(locale, `/events/${ev.slug}`);
	return {
		filename: `${ev.slug}.ics`,
		content: createPublicIcs(
			{
				uid: eventUid(ev.id, origin),
				cancelled: ev.status === 'cancelled',
				// The row's last change in whole seconds: it grows with every edit and the cancellation,
				// without a counter of its own (an int32 until 2038).
				sequence: Math.floor(ev.updatedAt.getTime() / 1000),
				organizer: context.organizer,
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
