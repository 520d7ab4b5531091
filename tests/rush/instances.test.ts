/**
 * Issue 8: what must behave the same on two instances as on one. The rate limiter counts one
 * visitor's requests wherever they land, and a staff session started on one instance is valid, and
 * ends, on the other. (The outbox worker on two instances is checked by rush.test.ts: every email
 * once.) Issue 18: an instance keeps event pages and their versions in memory (events/page-cache.ts),
 * and a seat taken on another instance still shows on its page within about a second.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, stopAllApps, type AppInstance } from './support/app';
import { eventually, seedDatabase, type Seeded } from './support/database';
import { emailFor, signUp } from './support/load';

const LIMIT = 6;
const STAFF = { email: 'rush.staff@wetteritrucks.fi', password: 'ruuhka-salasana-2026' };

function form(app: AppInstance, path: string, fields: Record<string, string>, cookie = '') {
	return fetch(`${app.origin}${path}`, {
		method: 'POST',
		body: new URLSearchParams(fields),
		redirect: 'manual',
		headers: {
			origin: app.origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		signal: AbortSignal.timeout(30_000)
	});
}

/** The seats left that an instance's event page shows, as a visitor without cookies reads it. */
async function seatsShown(app: AppInstance, slug: string): Promise<number> {
	const response = await fetch(`${app.origin}/en/events/${slug}`, {
		headers: { accept: 'text/html' },
		signal: AbortSignal.timeout(30_000)
	});
	const body = await response.text();
	const seats = /(\d+) seats left/.exec(body)?.[1];
	if (response.status !== 200 || seats === undefined) {
		throw new Error(`event page answered ${response.status} without seats: ${body.slice(0, 300)}`);
	}
	return Number(seats);
}

function page(app: AppInstance, path: string, cookie: string) {
	return fetch(`${app.origin}${path}`, {
		redirect: 'manual',
		headers: { accept: 'text/html', cookie },
		signal: AbortSignal.timeout(30_000)
	});
}

describe('two instances share their state', () => {
	let seeded: Seeded;
	let apps: AppInstance[];

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 100, staff: STAFF });
		// Low sign-up limit per visitor; the day window ends at midnight UTC, so a run never straddles it
		// in practice. Both share ILMO_RATE_KEY (support/app.ts), as instances behind one balancer must.
		apps = await Promise.all(
			['a', 'b'].map((name) =>
				startApp({
					name,
					databaseUrl: seeded.url,
					env: { ILMO_RATE_LIMIT_SIGNUPS: `${LIMIT}/1d` }
				})
			)
		);
	});

	afterAll(async () => {
		await stopAllApps();
		await seeded?.drop();
	});

	it('counts one visitor’s sign-ups on both instances against one limit', async () => {
		// Twice the limit, alternating between the instances, all at once.
		const answers = await Promise.all(
			Array.from({ length: 2 * LIMIT }, (_, i) =>
				signUp(apps[i % 2]!, seeded.slug, emailFor('limit', i))
			)
		);
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 303)).toHaveLength(LIMIT);
		expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT);
		const [stored] = await seeded.sql<{ n: number }[]>`
			SELECT count(*)::int AS n FROM registration WHERE event_id = ${seeded.eventId}`;
		expect(stored!.n).toBe(LIMIT);
	});

	it('keeps a staff session started on one instance valid on the other, until signed out there', async () => {
		const [a, b] = apps as [AppInstance, AppInstance];
		const login = await form(a, '/staff/login', STAFF);
		expect(login.status).toBe(303);
		const setCookie = login.headers.get('set-cookie') ?? '';
		const cookie = /ilmo_staff_session=[^;]+/.exec(setCookie)?.[0];
		expect(cookie, setCookie).toBeDefined();

		const onB = await page(b, '/staff', cookie!);
		expect(onB.status).toBe(200);
		expect(await onB.text()).toContain('Ruuhka Testaaja');

		const logout = await form(b, '/staff/logout', {}, cookie!);
		expect(logout.status).toBe(303);
		const onA = await page(a, '/staff', cookie!);
		await onA.arrayBuffer();
		expect([302, 303, 307]).toContain(onA.status);
		expect(onA.headers.get('location')).toContain('/staff/login');
	});

	it('shows a seat taken through one instance on the other’s event page within a second or two', async () => {
		const [a, b] = apps as [AppInstance, AppInstance];
		// Read twice on B: its page and the event's version are now kept there.
		const before = await seatsShown(b, seeded.slug);
		expect(await seatsShown(b, seeded.slug)).toBe(before);
		expect(await seatsShown(a, seeded.slug)).toBe(before);
		// The limit test above spent this visitor's sign-ups; this one is about the page.
		await seeded.sql`DELETE FROM rate_limit`;
		const answer = await signUp(a, seeded.slug, emailFor('fresh', 0));
		expect(answer.status, answer.body.slice(0, 300)).toBe(303);
		// A generous poll: the version B keeps is at most a second old.
		await eventually(
			async () => (await seatsShown(b, seeded.slug)) === before - 1,
			10_000,
			'the seat taken on A shown on B',
			100
		);
		// Once shown, never the page from before again.
		for (let i = 0; i < 30; i++) expect(await seatsShown(b, seeded.slug)).toBe(before - 1);
		// A's own write shows on A's next view at once (its versions are forgotten after a POST).
		expect(await seatsShown(a, seeded.slug)).toBe(before - 1);
	});
});
