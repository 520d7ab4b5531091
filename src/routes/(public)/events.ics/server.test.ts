import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paraglideMiddleware } from '$lib/paraglide/server';
import type { Database } from '$lib/server/db';
import type { Event } from '$lib/server/db/schema';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { GET as getCalendar } from './+server';
import { GET as getAtom } from '../events.atom/+server';

// The routes open the process-wide database; here it is a fresh one per database kind.
const holder = vi.hoisted(() => ({
	database: undefined as Database | undefined,
	/** Set: the routes get this one instead (a database that has gone away). */
	replaced: undefined as Database | undefined
}));
vi.mock('$lib/server/db/database', () => ({
	db: async () => (holder.replaced ?? holder.database!).db
}));
vi.mock('$lib/server/config', async (importOriginal) => {
	const real = await importOriginal<typeof import('$lib/server/config')>();
	return {
		...real,
		config: () => ({
			...real.config(),
			origin: 'https://tapahtumat.example.fi',
			brand: { ...real.config().brand, name: 'Wetteri Trucks Oy' }
		})
	};
});

const ORIGIN = 'https://tapahtumat.example.fi';

/** A GET as the server sees it: the locale from the path, as hooks.server.ts does. */
async function get(path: string, headers: Record<string, string> = {}) {
	const request = new Request(`http://127.0.0.1:3000${path}`, { headers });
	const handler = path.endsWith('.atom') ? getAtom : getCalendar;
	return paraglideMiddleware(request, () =>
		handler({ url: new URL(request.url), request } as never)
	);
}

describe.each(DATABASE_KINDS)('the feed routes on %s', (kind) => {
	let ev: Event;
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
		ev = await makeEvent(holder.database.db, { titleSv: 'Öppet hus' });
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	it('serves the calendar in each language, inline and briefly cacheable, without cookies', async () => {
		for (const [prefix, title] of [
			['', ev.titleFi],
			['/sv', 'Öppet hus'],
			['/en', ev.titleEn]
		] as const) {
			const response = await get(`${prefix}/events.ics`);
			expect(response.status).toBe(200);
			expect(Object.fromEntries(response.headers)).toMatchObject({
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': 'inline; filename="events.ics"',
				'cache-control': 'public, max-age=300',
				etag: expect.stringMatching(/^"[\w-]+"$/)
			});
			expect(response.headers.get('set-cookie')).toBeNull();
			const body = await response.text();
			expect(body).toContain(`SUMMARY:${title}\r\n`);
			expect(body).toContain(`URL;VALUE=URI:${ORIGIN}${prefix}/events/${ev.slug}\r\n`);
		}
	});

	it('serves the Atom feed in each language', async () => {
		for (const prefix of ['', '/sv', '/en']) {
			const response = await get(`${prefix}/events.atom`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
			expect(response.headers.get('set-cookie')).toBeNull();
			const body = await response.text();
			expect(body).toContain(`xml:lang="${prefix.slice(1) || 'fi'}"`);
			expect(body).toContain(`<link rel="self" href="${ORIGIN}${prefix}/events.atom"/>`);
		}
	});

	it('answers 304 without a body when the ETag still matches, compressed (weak) or not', async () => {
		for (const path of ['/sv/events.ics', '/en/events.atom']) {
			const etag = (await get(path)).headers.get('etag')!;
			for (const sent of [etag, `W/${etag}`, `"other", ${etag}`]) {
				const response = await get(path, { 'if-none-match': sent });
				expect(response.status).toBe(304);
				expect(response.headers.get('etag')).toBe(etag);
				expect(await response.text()).toBe('');
			}
			expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);
		}
		// Another language is another body: its own ETag.
		const fi = (await get('/events.ics')).headers.get('etag')!;
		expect((await get('/sv/events.ics', { 'if-none-match': fi })).status).toBe(200);
	});

	// The hooks answer such an error 503 with Retry-After (hooks.server.ts databaseUnavailable); a
	// feed must not turn it into an empty calendar, which would empty every subscriber's calendar.
	it.runIf(kind === 'postgres')('lets a database outage through to the 503 handling', async () => {
		const gone = await openTestDatabase(kind);
		await gone.close();
		holder.replaced = gone;
		try {
			for (const path of ['/events.ics', '/sv/events.atom']) {
				const failed = await get(path).then(
					() => null,
					(error: unknown) => error
				);
				expect(isDatabaseUnavailable(failed), path).toBe(true);
			}
		} finally {
			holder.replaced = undefined;
		}
	});
});
