import { parseFeed } from '@rowanmanning/feed-parser';
import ICAL from 'ical.js';
import { expect, test } from '../fixtures';
import {
	CANCELLED_EVENT,
	DRAFT_EVENT,
	LOCALES,
	OPEN_HOUSE,
	localePath,
	titleOf
} from '../support/data';
import { parseCalendar } from '../../support/calendar';

/** Each VEVENT of a calendar as a client reads it: summary → UID and status. */
function readEntries(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	return calendar.getAllSubcomponents('vevent').map((vevent) => ({
		uid: String(vevent.getFirstPropertyValue('uid')),
		summary: String(vevent.getFirstPropertyValue('summary')),
		status: String(vevent.getFirstPropertyValue('status'))
	}));
}

// The list page's links to the feeds are checked in events-list.spec.ts, which renders it anyway.
test.describe('feeds of the public events', () => {
	// The texts differ by language: requests only, no page to render.
	test('each language has its calendar and Atom feed, cacheable and revalidated', async ({
		request
	}) => {
		for (const locale of LOCALES) {
			const path = localePath(locale, '/events.ics');
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			const headers = response.headers();
			expect(headers['content-type']).toBe('text/calendar; charset=utf-8');
			expect(headers['set-cookie'], 'no cookie on a feed').toBeUndefined();
			const entries = readEntries(await response.text());
			const single = parseCalendar(
				await (await request.get(localePath(locale, `/events/${OPEN_HOUSE}/calendar.ics`))).text()
			);
			// The same UID as the event's own file: one entry for someone who has both.
			expect(entries).toContainEqual({
				uid: single.uid,
				summary: titleOf(OPEN_HOUSE, locale),
				status: 'CONFIRMED'
			});
			expect(entries.find((e) => e.summary === titleOf(CANCELLED_EVENT, locale))?.status).toBe(
				'CANCELLED'
			);
			expect(entries.map((e) => e.summary)).not.toContain(titleOf(DRAFT_EVENT, locale));

			// A reader polling with the ETag (weak once compressed) gets no body while nothing changed.
			const again = await request.get(path, { headers: { 'if-none-match': headers.etag! } });
			expect(again.status()).toBe(304);
			const head = await request.head(path);
			expect(head.status()).toBe(200);
			expect(head.headers()['content-type']).toBe('text/calendar; charset=utf-8');

			const atom = await request.get(localePath(locale, '/events.atom'));
			expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
			const feed = parseFeed(await atom.text());
			expect(feed.language).toBe(locale);
			expect(feed.items.map((item) => item.title)).toContain(titleOf(OPEN_HOUSE, locale));
		}
	});
});
