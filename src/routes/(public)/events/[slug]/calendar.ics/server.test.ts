import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paraglideMiddleware } from '$lib/paraglide/server';
import type { Database } from '$lib/server/db';
import type { Event } from '$lib/server/db/schema';
import { parseCalendar, wholeSeconds } from '$tests/calendar';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { GET } from './+server';

// The route opens the process-wide database; here it is a fresh one per database kind.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));
vi.mock('$lib/server/config', async (importOriginal) => {
	const real = await importOriginal<typeof import('$lib/server/config')>();
	return { ...real, config: () => ({ ...real.config(), origin: 'https://tapahtumat.example.fi' }) };
});

const ORIGIN = 'https://tapahtumat.example.fi';

/** A GET of the file as the server sees it: the locale from the path, as hooks.server.ts does. */
async function download(path: string, slug: string) {
	const request = new Request(`http://127.0.0.1:3000${path}`);
	let response: Response | undefined;
	const ended = await outcome(() =>
		paraglideMiddleware(request, async () => {
			response = await GET({ params: { slug }, url: new URL(request.url), request } as never);
			return response;
		})
	);
	return { ended, response };
}

describe.each(DATABASE_KINDS)('the public calendar file on %s', (kind) => {
	let ev: Event;
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
		ev = await makeEvent(holder.database.db, {
			titleSv: 'Öppet hus',
			descriptionSv: 'Beskrivning',
			titleEn: '',
			descriptionEn: ''
		});
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	it('publishes the event in the page language, as a download anyone may cache briefly', async () => {
		const { response } = await download(`/sv/events/${ev.slug}/calendar.ics`, ev.slug);
		expect(response!.status).toBe(200);
		expect(response!.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(response!.headers.get('content-disposition')).toBe(
			`attachment; filename="${ev.slug}.ics"`
		);
		expect(response!.headers.get('cache-control')).toBe('public, max-age=300');
		expect(response!.headers.get('set-cookie')).toBeNull();
		const url = `${ORIGIN}/sv/events/${ev.slug}`;
		expect(parseCalendar(await response!.text())).toMatchObject({
			method: 'PUBLISH',
			eventCount: 1,
			uid: `event-${ev.id}@tapahtumat.example.fi`,
			status: 'CONFIRMED',
			summary: 'Öppet hus',
			description: `Beskrivning\n\n${url}`,
			location: ev.location,
			url,
			start: wholeSeconds(ev.startsAt),
			end: wholeSeconds(ev.endsAt),
			// The sender of the site's mail (MAIL_FROM), as RFC 5546 asks of a PUBLISH.
			organizer: { email: expect.stringContaining('@') },
			attendees: []
		});
	});

	it('falls back to the Finnish texts where a language was left out', async () => {
		const { response } = await download(`/en/events/${ev.slug}/calendar.ics`, ev.slug);
		const parsed = parseCalendar(await response!.text());
		expect(parsed).toMatchObject({ summary: ev.titleFi, url: `${ORIGIN}/en/events/${ev.slug}` });
		const finnish = await download(`/events/${ev.slug}/calendar.ics`, ev.slug);
		expect(parseCalendar(await finnish.response!.text())).toMatchObject({
			uid: parsed.uid,
			summary: ev.titleFi,
			url: `${ORIGIN}/events/${ev.slug}`
		});
	});

	it('marks a cancelled event cancelled, and answers 404 for a draft or an unknown slug', async () => {
		const cancelled = await makeEvent(holder.database!.db, { status: 'cancelled' });
		const { response } = await download(`/events/${cancelled.slug}/calendar.ics`, cancelled.slug);
		expect(parseCalendar(await response!.text())).toMatchObject({
			method: 'PUBLISH',
			status: 'CANCELLED'
		});

		const draft = await makeEvent(holder.database!.db, { status: 'draft' });
		for (const slug of [draft.slug, 'no-such-event']) {
			const { ended } = await download(`/events/${slug}/calendar.ics`, slug);
			expect(ended).toEqual({ kind: 'error', status: 404 });
		}
	});
});
