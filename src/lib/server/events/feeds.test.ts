import { parseFeed } from '@rowanmanning/feed-parser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import type { Event } from '../db/schema';
import { eventCalendarFile } from './calendar';
import { eventsAtom, eventsCalendar, listFeedEvents, type FeedContext } from './feeds';
import { cancelEvent } from './manage';
import { parseCalendar } from '$tests/calendar';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, ORGANIZER } from '$tests/factories';

const ORIGIN = 'https://tapahtumat.example.fi';
const context: FeedContext = { origin: ORIGIN, organisationName: 'Wetteri Trucks Oy' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The contact person the event page shows: none of it may reach a feed. */
const CONTACT = {
	contactName: 'Kalle Yhteyshenkilö',
	contactEmail: 'kalle.yhteys@wetteritrucks.fi',
	contactPhone: '+358401234567'
};

/** Every VEVENT as a calendar client reads it (ical.js), with the calendar's own properties. */
function readCalendar(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const value = (name: string) => calendar.getFirstPropertyValue(name);
	return {
		method: value('method'),
		name: value('x-wr-calname'),
		refresh: String(value('refresh-interval')),
		ttl: String(value('x-published-ttl')),
		events: calendar.getAllSubcomponents('vevent').map((vevent) => {
			const entry = new ICAL.Event(vevent);
			return {
				uid: entry.uid,
				summary: entry.summary,
				sequence: entry.sequence,
				status: String(vevent.getFirstPropertyValue('status')),
				dtstart: vevent.getFirstProperty('dtstart')!.toICALString(),
				start: entry.startDate.toJSDate(),
				stamp: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
				people: ['organizer', 'attendee', 'contact'].flatMap((p) => vevent.getAllProperties(p))
			};
		})
	};
}

function expectNoPersonalData(text: string) {
	for (const value of Object.values(CONTACT)) expect(text).not.toContain(value);
	expect(text).not.toContain('Yhteyshenkilö');
}

describe.each(DATABASE_KINDS)('the public feeds on %s', (kind) => {
	let database: Database;
	let upcoming: Event;
	let ongoing: Event;
	let cancelled: Event;
	const hidden: Event[] = [];
	const now = new Date();

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const db = database.db;
		upcoming = await makeEvent(db, {
			...CONTACT,
			startsAt: new Date(now.getTime() + 2 * DAY),
			endsAt: new Date(now.getTime() + 2 * DAY + 4 * HOUR),
			titleSv: 'Öppet hus',
			descriptionSv: 'Välkommen <alla> & envar.\n\nAndra stycket.'
		});
		ongoing = await makeEvent(db, {
			startsAt: new Date(now.getTime() - HOUR),
			endsAt: new Date(now.getTime() + HOUR)
		});
		cancelled = await makeEvent(db, {
			...CONTACT,
			status: 'cancelled',
			startsAt: new Date(now.getTime() + 5 * DAY),
			endsAt: new Date(now.getTime() + 5 * DAY + HOUR)
		});
		hidden.push(
			await makeEvent(db, { status: 'draft' }),
			await makeEvent(db, {
				startsAt: new Date(now.getTime() - 2 * DAY),
				endsAt: new Date(now.getTime() - DAY)
			}),
			await makeEvent(db, {
				status: 'cancelled',
				startsAt: new Date(now.getTime() - 2 * DAY),
				endsAt: new Date(now.getTime() - DAY)
			})
		);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('lists published events not yet ended and cancelled upcoming ones, never drafts', async () => {
		const listed = await listFeedEvents(database.db, now);
		expect(listed.map((e) => e.id)).toEqual([ongoing.id, upcoming.id, cancelled.id]);
	});

	it('writes a subscribable calendar in the language, with the UIDs of the single downloads', async () => {
		const listed = await listFeedEvents(database.db, now);
		const text = eventsCalendar(listed, 'sv', context);
		const calendar = readCalendar(text);
		expect(calendar).toMatchObject({
			// A published calendar, not a scheduling message: no METHOD, so no ORGANIZER is needed.
			method: null,
			name: 'Wetteri Trucks Oy – evenemang',
			refresh: 'PT1H',
			ttl: 'PT1H'
		});
		expect(calendar.events.map((e) => e.uid)).toEqual(
			listed.map(
				(ev) =>
					parseCalendar(
						eventCalendarFile(ev, 'sv', { origin: ORIGIN, organizer: ORGANIZER }).content
					).uid
			)
		);
		const byUid = new Map(calendar.events.map((e) => [e.uid, e]));
		const of = (ev: Event) => byUid.get(`event-${ev.id}@tapahtumat.example.fi`)!;
		// Swedish where staff wrote it, Finnish where they left it out.
		expect(of(upcoming).summary).toBe('Öppet hus');
		expect(of(ongoing).summary).toBe(ongoing.titleFi);
		for (const [ev, entry] of listed.map((e) => [e, of(e)] as const)) {
			// UTC, so every calendar places it right without a VTIMEZONE.
			expect(entry.dtstart).toMatch(/^DTSTART:\d{8}T\d{6}Z$/);
			expect(entry.start).toEqual(new Date(Math.floor(ev.startsAt.getTime() / 1000) * 1000));
			expect(entry.sequence).toBe(Math.floor(ev.updatedAt.getTime() / 1000));
			expect(entry.people).toEqual([]);
		}
		expect(of(cancelled).status).toBe('CANCELLED');
		expect(of(upcoming).status).toBe('CONFIRMED');
		for (const ev of hidden) expect(text).not.toContain(ev.id);
		// The UIDs are the only thing with an @ in them: no address of anyone.
		const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
		expect(lines.filter((line) => line.includes('@') && !line.startsWith('UID:'))).toEqual([]);
		expectNoPersonalData(text);
	});

	it('raises SEQUENCE and DTSTAMP when an event changes, and is the same bytes until then', async () => {
		const before = eventsCalendar(await listFeedEvents(database.db, now), 'fi', context);
		expect(eventsCalendar(await listFeedEvents(database.db, now), 'fi', context)).toBe(before);
		const later = new Date(upcoming.updatedAt.getTime() + 60_000);
		const result = await cancelEvent(
			database.db,
			upcoming.id,
			{ kind: 'system' },
			{ origin: ORIGIN, organizer: ORGANIZER },
			later
		);
		expect(result.ok).toBe(true);
		const after = readCalendar(
			eventsCalendar(await listFeedEvents(database.db, now), 'fi', context)
		);
		const entry = after.events.find((e) => e.uid.startsWith(`event-${upcoming.id}@`))!;
		expect(entry).toMatchObject({
			status: 'CANCELLED',
			sequence: Math.floor(later.getTime() / 1000),
			stamp: new Date(Math.floor(later.getTime() / 1000) * 1000)
		});
		expect(entry.sequence).toBeGreaterThan(Math.floor(upcoming.updatedAt.getTime() / 1000));
		upcoming = { ...upcoming, status: 'cancelled', updatedAt: later };
	});

	it('writes an Atom feed in the language that a feed reader reads', async () => {
		const listed = await listFeedEvents(database.db, now);
		const xml = eventsAtom(listed, 'en', context);
		const feed = parseFeed(xml);
		const newest = Math.max(...listed.map((ev) => ev.updatedAt.getTime()));
		expect(feed).toMatchObject({
			title: 'Wetteri Trucks Oy – events',
			language: 'en',
			self: `${ORIGIN}/en/events.atom`,
			url: `${ORIGIN}/en/`,
			updated: new Date(newest)
		});
		expect(xml).toContain(`<id>${ORIGIN}/en/events.atom</id>`);
		expect(feed.items.map((item) => item.id)).toEqual(listed.map((ev) => `urn:uuid:${ev.id}`));
		for (const [item, ev] of feed.items.map((item, i) => [item, listed[i]!] as const)) {
			expect(item.url).toBe(`${ORIGIN}/en/events/${ev.slug}`);
			expect(item.published).toEqual(ev.createdAt);
			expect(item.updated).toEqual(ev.updatedAt);
			expect(item.description).toContain(ev.location);
		}
		const itemOf = (ev: Event) => feed.items.find((item) => item.id === `urn:uuid:${ev.id}`)!;
		expect(itemOf(ongoing).title).toBe(ongoing.titleEn);
		expect(itemOf(cancelled).title).toBe(`Cancelled: ${cancelled.titleEn}`);
		expect(itemOf(cancelled).description).toContain('This event has been cancelled.');
		// No address of anyone: not even an @.
		expect(xml).not.toContain('@');
		expectNoPersonalData(xml);
		for (const ev of hidden) expect(xml).not.toContain(ev.id);
	});

	it('carries the description as text: markup escaped, paragraphs kept', async () => {
		const xml = eventsAtom(await listFeedEvents(database.db, now), 'sv', context);
		const feed = parseFeed(xml);
		expect(feed.title).toBe('Wetteri Trucks Oy – evenemang');
		expect(feed.language).toBe('sv');
		const item = feed.items.find((i) => i.id === `urn:uuid:${upcoming.id}`)!;
		expect(item.title).toBe('Inställt: Öppet hus');
		expect(item.url).toBe(`${ORIGIN}/sv/events/${upcoming.slug}`);
		expect(item.content).toContain('Andra stycket.');
		// The reader decodes entities leniently, so the escaping is checked in the XML itself.
		expect(xml).toContain(
			'<content type="html"><![CDATA[<p>Välkommen &lt;alla&gt; &amp; envar.</p><p>Andra stycket.</p>]]></content>'
		);
	});

	it('answers an empty feed with the same bytes every time', () => {
		expect(eventsAtom([], 'fi', context)).toBe(eventsAtom([], 'fi', context));
		expect(parseFeed(eventsAtom([], 'fi', context)).items).toEqual([]);
		expect(readCalendar(eventsCalendar([], 'fi', context)).events).toEqual([]);
	});
});
