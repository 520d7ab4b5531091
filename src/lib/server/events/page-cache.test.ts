import { beforeEach, describe, expect, it } from 'vitest';
import { eventRow } from '$tests/factories';
import {
	clearEventPageCache,
	eventPageKey,
	forgetEventVersions,
	keptEventPage,
	serveEventPage,
	type EventPageSource
} from './page-cache';

const now = new Date('2026-12-01T10:00:00Z').getTime();
const row = eventRow();

const request = { slug: 'kuorma-autopaiva', base: 'GET http://x/events/kuorma-autopaiva br' };

const html = (text: string, headers: Record<string, string> = {}, status = 200) =>
	new Response(`<p>${text}</p>`, {
		status,
		headers: {
			'content-type': 'text/html',
			'content-security-policy': "script-src 'self'",
			...headers
		}
	});

/** The database as the cache sees it: what it holds now, and how often it was asked. */
function database(source: EventPageSource | null = { row, image: null }) {
	const db = {
		source,
		lookups: 0,
		down: false,
		lookUp: async () => {
			db.lookups++;
			if (db.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
			return db.source;
		}
	};
	return db;
}

/** A renderer that counts its renderings and says which one a page is. */
function renderer(make: (n: number) => Response = (n) => html(`rendering ${n}`)) {
	const r = { count: 0, render: async () => make(++r.count) };
	return r;
}

describe('event page cache', () => {
	beforeEach(() => clearEventPageCache());

	it('changes its key with the row, the language and whether sign-up is open, and only then', () => {
		const at = new Date(now);
		const key = eventPageKey('/events/kuorma-autopaiva', row, at);
		expect(eventPageKey('/events/kuorma-autopaiva', { ...row }, at)).toBe(key);
		const changed = [
			eventPageKey('/events/kuorma-autopaiva', { ...row, confirmedCount: 11 }, at),
			eventPageKey('/events/kuorma-autopaiva', { ...row, updatedAt: new Date() }, at),
			eventPageKey('/en/events/kuorma-autopaiva', row, at),
			eventPageKey('/events/kuorma-autopaiva', row, new Date('2026-12-06T08:00:00Z'))
		];
		for (const other of changed) expect(other).not.toBe(key);
	});

	it('reads the event once a second however many views, and renders each version once', async () => {
		const db = database();
		const r = renderer();
		for (let i = 0; i < 50; i++) {
			const page = await serveEventPage(request, db.lookUp, r.render, now + i * 10);
			expect(await page.text()).toBe('<p>rendering 1</p>');
		}
		expect(db.lookups).toBe(1);
		// A second on, the event is read again; a seat taken meanwhile is a new page.
		db.source = { row: { ...row, confirmedCount: 11 }, image: null };
		const later = await serveEventPage(request, db.lookUp, r.render, now + 1000);
		expect(await later.text()).toBe('<p>rendering 2</p>');
		expect(db.lookups).toBe(2);
	});

	it('reads the event again at once after a write on this instance', async () => {
		const db = database();
		const r = renderer();
		await serveEventPage(request, db.lookUp, r.render, now);
		db.source = { row, image: 'new picture' };
		forgetEventVersions();
		const page = await serveEventPage(request, db.lookUp, r.render, now + 1);
		expect(await page.text()).toBe('<p>rendering 2</p>');
		expect(db.lookups).toBe(2);
	});

	it('keys the page by language, variant, encoding and whether sign-up is open', async () => {
		const db = database();
		const r = renderer();
		const other = [
			{ ...request, base: 'GET http://x/en/events/kuorma-autopaiva br' },
			{ ...request, base: 'GET http://x/embed/events/kuorma-autopaiva br' },
			{ ...request, base: 'GET http://x/events/kuorma-autopaiva gzip' }
		];
		await serveEventPage(request, db.lookUp, r.render, now);
		for (const asked of other) await serveEventPage(asked, db.lookUp, r.render, now);
		expect(r.count).toBe(4);
		// Registration closes on 5 December: the same row, read again, makes a new page.
		const closed = new Date('2026-12-06T08:00:00Z').getTime();
		const page = await serveEventPage(request, db.lookUp, r.render, closed);
		expect(await page.text()).toBe('<p>rendering 5</p>');
	});

	it('renders a new version once for all the requests that wait for it', async () => {
		const db = database();
		const r = renderer();
		const pages = await Promise.all(
			Array.from({ length: 20 }, () => serveEventPage(request, db.lookUp, r.render, now))
		);
		expect(r.count).toBe(1);
		expect(db.lookups).toBe(1);
		for (const page of pages) expect(await page.text()).toBe('<p>rendering 1</p>');
	});

	it('serves a kept page as a fresh response each time, with its headers', async () => {
		const db = database();
		const r = renderer(() => html('one', { 'content-encoding': 'br', vary: 'Accept-Encoding' }));
		await (await serveEventPage(request, db.lookUp, r.render, now)).text();
		for (let i = 0; i < 2; i++) {
			const hit = await serveEventPage(request, db.lookUp, r.render, now);
			expect(hit.status).toBe(200);
			expect(hit.headers.get('content-security-policy')).toBe("script-src 'self'");
			expect(hit.headers.get('content-encoding')).toBe('br');
			expect(hit.headers.get('vary')).toBe('Accept-Encoding');
			expect(await hit.text()).toBe('<p>one</p>');
		}
		expect(r.count).toBe(1);
	});

	it('keeps nothing but a cookie-free, nonce-free HTML 200', async () => {
		const cases = [
			() => html('gone', {}, 404),
			() => html('away', {}, 503),
			() => html('with a cookie', { 'set-cookie': 'a=b' }),
			() => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
			() => html('with scripts', { 'content-security-policy': "script-src 'self' 'nonce-abc'" })
		];
		for (const make of cases) {
			clearEventPageCache();
			const db = database();
			const r = renderer(make);
			await serveEventPage(request, db.lookUp, r.render, now);
			await serveEventPage(request, db.lookUp, r.render, now);
			expect(r.count).toBe(2);
		}
	});

	it('leaves a draft or an unknown slug to the normal path, every time', async () => {
		const db = database(null);
		const r = renderer((n) => html(`not found ${n}`, {}, 404));
		await serveEventPage(request, db.lookUp, r.render, now);
		const page = await serveEventPage(request, db.lookUp, r.render, now);
		expect(page.status).toBe(404);
		expect(r.count).toBe(2);
	});

	it('serves the page last kept while the database is away, and renders one never kept', async () => {
		const db = database();
		const r = renderer((n) => (db.down ? html('unavailable', {}, 503) : html(`rendering ${n}`)));
		await serveEventPage(request, db.lookUp, r.render, now);
		db.down = true;
		const kept = await serveEventPage(request, db.lookUp, r.render, now + 5000);
		expect(kept.status).toBe(200);
		expect(await kept.text()).toBe('<p>rendering 1</p>');
		const never = { ...request, base: 'GET http://x/sv/events/kuorma-autopaiva br' };
		const page = await serveEventPage(never, db.lookUp, r.render, now + 5000);
		expect(page.status).toBe(503);
	});

	it('gives the answer in front a kept page only while its version is under a second old', async () => {
		const db = database();
		const r = renderer();
		expect(keptEventPage(request.base, db.lookUp, now)).toBeNull();
		await serveEventPage(request, db.lookUp, r.render, now);
		expect(keptEventPage(request.base, db.lookUp, now + 500)?.body).toEqual(
			new TextEncoder().encode('<p>rendering 1</p>')
		);
		expect(keptEventPage('GET http://x/events/kuorma-autopaiva gzip', db.lookUp, now)).toBeNull();
		expect(keptEventPage(request.base, db.lookUp, now + 1000)).toBeNull();
		forgetEventVersions();
		expect(keptEventPage(request.base, db.lookUp, now + 1)).toBeNull();
		expect(db.lookups).toBe(1);
	});

	it('gives the answer in front no page kept under another registration state than now', async () => {
		const closing = { ...row, registrationClosesAt: new Date(now + 500) };
		const db = database({ row: closing, image: null });
		const r = renderer();
		await serveEventPage(request, db.lookUp, r.render, now);
		expect(keptEventPage(request.base, db.lookUp, now + 400)).not.toBeNull();
		expect(keptEventPage(request.base, db.lookUp, now + 600)).toBeNull();
		await serveEventPage(request, db.lookUp, r.render, now + 600);
		expect(r.count).toBe(2);
		expect(keptEventPage(request.base, db.lookUp, now + 700)).not.toBeNull();
		expect(db.lookups).toBe(1);
	});

	it('reads a version again before its second ends while views are answered in front', async () => {
		const db = database();
		const r = renderer();
		await serveEventPage(request, db.lookUp, r.render, now);
		expect(keptEventPage(request.base, db.lookUp, now + 700)).not.toBeNull();
		expect(db.lookups).toBe(1);
		expect(keptEventPage(request.base, db.lookUp, now + 800)).not.toBeNull();
		expect(keptEventPage(request.base, db.lookUp, now + 900)).not.toBeNull();
		expect(db.lookups).toBe(2);
		await new Promise((resolve) => setTimeout(resolve, 0));
		// Read at 800: fresh until 1800, without a view on SvelteKit's path in between.
		expect(keptEventPage(request.base, db.lookUp, now + 1500)).not.toBeNull();
		// A read that fails (the database away) leaves the page to the normal path at a second.
		db.down = true;
		expect(keptEventPage(request.base, db.lookUp, now + 1600)).not.toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(db.lookups).toBe(3);
		expect(keptEventPage(request.base, db.lookUp, now + 1800)).toBeNull();
		expect(r.count).toBe(1);
	});

	it('keeps a bounded number of pages, the least used out first', async () => {
		const db = database();
		const r = renderer();
		const hot = { ...request, base: 'GET http://x/events/kuorma-autopaiva hot' };
		await serveEventPage(hot, db.lookUp, r.render, now);
		for (let i = 0; i < 300; i++) {
			await serveEventPage({ ...request, base: `GET /other-${i}` }, db.lookUp, r.render, now);
			await serveEventPage(hot, db.lookUp, r.render, now);
		}
		expect(r.count).toBe(301);
		await serveEventPage({ ...request, base: 'GET /other-0' }, db.lookUp, r.render, now);
		expect(r.count).toBe(302);
	});
});
