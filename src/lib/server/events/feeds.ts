import { and, asc, gt, inArray } from 'drizzle-orm';
import { Feed } from 'feed';
import { formatEventRange } from '../../datetime';
import { localised } from '../../event-text';
import type { Locale } from '../../locale';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db';
import { event, type Event } from '../db/schema';
import { localePath } from '../mail-context';
import { createFeedIcs, eventUid } from '../mail/ics';
import { escapeHtml } from '../mail/templates/layout';
import { eventCalendarText, eventSequence } from './calendar';

/**
 * The public feeds of events: an iCalendar file to subscribe to and an Atom feed, each in one
 * language. They carry the event as its public page shows it, except its contact person: the page
 * names them, but a feed is copied into calendars and readers beyond the site's reach (and beyond
 * an erasure), so no name, address or phone of a person goes in.
 */

/** How often subscribers are asked to fetch the calendar again: an hour, as calendars allow. */
export const FEED_REFRESH_SECONDS = 3600;

/** Shared caches may keep a feed a few minutes; a client revalidates it by its ETag after that. */
export const FEED_CACHE_CONTROL = 'public, max-age=300';

export interface FeedContext {
	/** e.g. https://tapahtumat.wetteritrucks.fi */
	origin: string;
	/** The organisation's name, which the feed's title carries. */
	organisationName: string;
}

/**
 * The events the feeds list: published ones that have not ended (those in progress included) and
 * cancelled ones that have not ended, so that a subscriber's calendar drops a cancelled event
 * instead of keeping it. Drafts never. Soonest first, as the public list.
 */
export async function listFeedEvents(db: Db, now: Date = new Date()): Promise<Event[]> {
	return db
		.select()
		.from(event)
		.where(and(inArray(event.status, ['published', 'cancelled']), gt(event.endsAt, now)))
		.orderBy(asc(event.startsAt), asc(event.titleFi));
}

function feedTitle(locale: Locale, context: FeedContext): string {
	return m.feeds_title({ name: context.organisationName }, { locale });
}

/** The public list page in the feed's language: where a feed reader's "visit site" goes. */
function listUrl(locale: Locale, origin: string): string {
	return origin + localePath(locale, '/');
}

/**
 * The calendar to subscribe to. Each event keeps the UID and SEQUENCE of its own download
 * (calendar.ts), so a subscriber who also added it by hand sees one entry, and an edit replaces it.
 */
export function eventsCalendar(events: Event[], locale: Locale, context: FeedContext): string {
	const { origin } = context;
	return createFeedIcs({
		name: feedTitle(locale, context),
		url: listUrl(locale, origin),
		refreshSeconds: FEED_REFRESH_SECONDS,
		entries: events.map((ev) => ({
			uid: eventUid(ev.id, origin),
			sequence: eventSequence(ev),
			cancelled: ev.status === 'cancelled',
			changedAt: ev.updatedAt,
			event: eventCalendarText(ev, locale, origin)
		}))
	});
}

/** Plain text as the HTML Atom's `type="html"` carries it: escaped, paragraphs and breaks kept. */
function textAsHtml(text: string): string {
	return text
		.trim()
		.split(/\n\s*\n/)
		.map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
		.join('');
}

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/**
 * The Atom feed. The `feed` package writes no xml:lang; it goes on the root element here, and a
 * change in the package's output fails loudly instead of dropping the language.
 */
export function eventsAtom(events: Event[], locale: Locale, context: FeedContext): string {
	const { origin } = context;
	const self = origin + localePath(locale, '/events.atom');
	// The newest change of a listed event; without events a fixed time, so that the same (empty)
	// feed is the same bytes and revalidates instead of claiming an update on every fetch.
	const updated = new Date(Math.max(0, ...events.map((ev) => ev.updatedAt.getTime())));
	const feed = new Feed({
		id: self,
		title: feedTitle(locale, context),
		link: listUrl(locale, origin),
		feedLinks: { atom: self },
		updated,
		author: { name: context.organisationName },
		generator: 'Ilmo'
	});
	for (const ev of events) {
		const { title, description } = localised(ev, locale);
		const cancelled = ev.status === 'cancelled';
		const when = `${formatEventRange(ev.startsAt, ev.endsAt, locale)}, ${ev.location}`;
		feed.addItem({
			// The row's random UUID: stable through edits of the title or the slug.
			id: `urn:uuid:${ev.id}`,
			title: escapeHtml(cancelled ? m.feeds_cancelled_title({ title }, { locale }) : title),
			link: origin + localePath(locale, `/events/${ev.slug}`),
			// There is no publishing time of its own: an event is written, then published, soon after.
			published: ev.createdAt,
			date: ev.updatedAt,
			description: textAsHtml(cancelled ? `${m.event_cancelled({}, { locale })} ${when}` : when),
			content: description.trim() ? textAsHtml(description) : undefined
		});
	}
	const xml = feed.atom1();
	if (!xml.includes(ATOM_ROOT)) throw new Error('the Atom root element has changed');
	return xml.replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`);
}
