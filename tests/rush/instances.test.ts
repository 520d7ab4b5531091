/**
 * Issue 8: what must behave the same on two instances as on one. The rate limiter counts one
 * visitor's requests wherever they land, and a staff session started on one instance is valid, and
 * ends, on the other. (The outbox worker on two instances is checked by rush.test.ts: every email
 * once.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, stopAllApps, type AppInstance } from './support/app';
import { seedDatabase, type Seeded } from './support/database';
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
});
