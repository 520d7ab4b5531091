import { beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../db/schema';
import { cachedEventPage, clearEventPageCache, eventPageKey, keepEventPage } from './page-cache';

const now = new Date('2026-12-01T10:00:00Z');
const row = {
	id: '00000000-0000-4000-8000-000000000001',
	slug: 'kuorma-autopaiva',
	status: 'published',
	capacity: 100,
	confirmedCount: 10,
	waitlistSeq: 0,
	startsAt: new Date('2026-12-10T08:00:00Z'),
	endsAt: new Date('2026-12-10T12:00:00Z'),
	registrationOpensAt: new Date('2026-11-01T08:00:00Z'),
	registrationClosesAt: new Date('2026-12-05T08:00:00Z'),
	updatedAt: new Date('2026-11-20T08:00:00Z')
} as unknown as Event;

const html = (text: string, headers: Record<string, string> = {}) =>
	new Response(`<p>${text}</p>`, {
		status: 200,
		headers: {
			'content-type': 'text/html',
			'content-security-policy': "script-src 'self'",
			...headers
		}
	});

describe('event page cache', () => {
	beforeEach(() => clearEventPageCache());

	it('changes its key with the row, the language and whether sign-up is open, and only then', () => {
		const key = eventPageKey('/events/kuorma-autopaiva', row, now);
		expect(eventPageKey('/events/kuorma-autopaiva', { ...row }, now)).toBe(key);
		// A seat taken, an edit, another language, the registration closing: each a new page.
		expect(eventPageKey('/events/kuorma-autopaiva', { ...row, confirmedCount: 11 }, now)).not.toBe(
			key
		);
		expect(
			eventPageKey('/events/kuorma-autopaiva', { ...row, updatedAt: new Date() }, now)
		).not.toBe(key);
		expect(eventPageKey('/en/events/kuorma-autopaiva', row, now)).not.toBe(key);
		expect(
			eventPageKey('/events/kuorma-autopaiva', row, new Date('2026-12-06T08:00:00Z'))
		).not.toBe(key);
	});

	it('serves a kept page as a fresh response each time, with its headers', async () => {
		const key = eventPageKey('/events/kuorma-autopaiva', row, now);
		expect(cachedEventPage(key)).toBeNull();
		const first = await keepEventPage(key, html('one'));
		expect(await first.text()).toBe('<p>one</p>');
		for (let i = 0; i < 2; i++) {
			const hit = cachedEventPage(key)!;
			expect(hit.status).toBe(200);
			expect(hit.headers.get('content-security-policy')).toBe("script-src 'self'");
			expect(await hit.text()).toBe('<p>one</p>');
		}
	});

	it('keeps nothing but a cookie-free, nonce-free HTML 200', async () => {
		const cases = [
			new Response('gone', { status: 404, headers: { 'content-type': 'text/html' } }),
			html('with a cookie', { 'set-cookie': 'a=b' }),
			new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
			html('with scripts', { 'content-security-policy': "script-src 'self' 'nonce-abc'" })
		];
		for (const [i, response] of cases.entries()) {
			const key = `k${i}`;
			const passed = await keepEventPage(key, response);
			expect(passed).toBe(response);
			expect(cachedEventPage(key)).toBeNull();
		}
	});
});
