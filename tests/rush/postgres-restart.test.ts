/**
 * Issue 8, faults: PostgreSQL restarted during a load run. While it is away every request that needs
 * it is answered at once with a clean 503 page (never a hang, a crash or a 500), both instances
 * recover by themselves when it is back, and every sign-up that was answered with success is stored.
 * Issue 18: an event page kept before the outage is served as it was meanwhile (its form's POST
 * answers 503); one never kept answers 503 like any page that needs the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, stopAllApps, waitHealthy, type AppInstance } from './support/app';
import { expectConsistent, expectStoredAsTold } from './support/checks';
import { eventually, seedDatabase, type Seeded } from './support/database';
import { emailFor, signUp, tally, type Answer } from './support/load';
import { startRestartablePostgres, type RestartablePostgres } from './support/postgres';

const STAFF = { email: 'restart.staff@wetteritrucks.fi', password: 'uudelleenkaynnistys-2026' };

/**
 * Pages that read the database: the event page and its embeddable view (kept by the page cache when
 * read before the outage), the list and staff pages. `kept`: read while the database is up, so
 * served from memory while it is away; `notBefore`: first read during the outage, so nothing kept.
 */
const PROBES = [
	{ path: '/healthz', staff: false },
	{ path: '/', staff: false },
	{ path: '/events/{slug}', staff: false, kept: true },
	{ path: '/sv/embed/events/{slug}', staff: false, kept: true },
	{ path: '/en/events/{slug}', staff: false, notBefore: true },
	{ path: '/staff', staff: true },
	{ path: '/en/staff/events', staff: true }
];

interface Probe {
	path: string;
	kept: boolean;
	status: number;
	retryAfter: string | null;
	body: string;
}

async function probe(
	app: AppInstance,
	path: string,
	cookie: string,
	method: 'GET' | 'POST' = 'GET'
): Promise<Omit<Probe, 'kept'>> {
	const form = method === 'POST' ? { firstName: 'Rush', lastName: 'Down' } : null;
	try {
		const response = await fetch(`${app.origin}${path}`, {
			method,
			redirect: 'manual',
			headers: {
				accept: 'text/html',
				...(cookie ? { cookie } : {}),
				...(form ? { origin: app.origin, 'content-type': 'application/x-www-form-urlencoded' } : {})
			},
			...(form ? { body: new URLSearchParams({ ...form, email: 'rush.down@example.com' }) } : {}),
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
		return {
			path,
			status: response.status,
			retryAfter: response.headers.get('retry-after'),
			body: await response.text()
		};
	} catch (error) {
		return { path, status: 0, retryAfter: null, body: (error as Error).message };
	}
}

async function signInStaff(app: AppInstance): Promise<string> {
	const response = await fetch(`${app.origin}/staff/login`, {
		method: 'POST',
		body: new URLSearchParams(STAFF),
		redirect: 'manual',
		headers: {
			origin: app.origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		}
	});
	const cookie = /(?:__Host-)?ilmo_staff_session=[^;]+/.exec(
		response.headers.get('set-cookie') ?? ''
	)?.[0];
	if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
	return cookie;
}

/** Every probe path on every instance, in turn (before the outage, those read before it). */
async function probeAll(apps: AppInstance[], slug: string, cookies: string[], before = false) {
	const results: Probe[] = [];
	for (const [i, app] of apps.entries()) {
		for (const { path, staff, kept, notBefore } of PROBES) {
			if (before && notBefore) continue;
			const answer = await probe(app, path.replace('{slug}', slug), staff ? cookies[i]! : '');
			results.push({ ...answer, kept: kept === true });
		}
	}
	return results;
}

/** Sign-ups in flight at once, across both instances. */
const LANES = 20;
/** A request not answered within this counts as a hang. */
const REQUEST_TIMEOUT_MS = 10_000;

describe('PostgreSQL restarted during a load run', () => {
	let server: RestartablePostgres;
	let seeded: Seeded;
	let apps: AppInstance[];

	beforeAll(async () => {
		// A server of this test's own: the shared one must stay up for everyone else.
		server = await startRestartablePostgres();
		seeded = await seedDatabase(server.url, { capacity: 100, staff: STAFF });
		apps = await Promise.all(['a', 'b'].map((name) => startApp({ name, databaseUrl: seeded.url })));
	});

	afterAll(async () => {
		await stopAllApps();
		await seeded?.sql.end({ timeout: 1 });
		await server?.destroy();
	});

	it('answers 503 while it is away, recovers by itself and loses no answered sign-up', async () => {
		const cookies = await Promise.all(apps.map(signInStaff));
		// Read once while the database is up: the event pages are then in the page cache.
		const up = await probeAll(apps, seeded.slug, cookies, true);
		expect(up.map((p) => `${p.path} ${p.status}`)).toEqual(up.map((p) => `${p.path} 200`));
		let down: Probe[] | undefined;
		let postedDown: Omit<Probe, 'kept'>[] | undefined;
		let recovered: Probe[] | undefined;
		const answers: (Answer & { phase: 'before' | 'down' | 'after' })[] = [];
		let phase: 'before' | 'down' | 'after' = 'before';
		let next = 0;
		let running = true;
		const lanes = Array.from({ length: LANES }, async () => {
			while (running) {
				const index = next++;
				const asked = phase;
				const answer = await signUp(
					apps[index % apps.length]!,
					seeded.slug,
					emailFor('pg', index),
					REQUEST_TIMEOUT_MS
				);
				answers.push({ ...answer, phase: asked });
				// A refused request comes back at once; keep the loop from spinning.
				if (answer.status !== 303) await new Promise((resolve) => setTimeout(resolve, 20));
			}
		});
		const count = (status: number, during: string) =>
			answers.filter((a) => a.status === status && a.phase === during).length;

		const answeredDown = (app: AppInstance) =>
			answers.filter((a) => a.phase === 'down' && a.origin === app.origin).length;
		let healthyAgain: boolean | undefined;
		try {
			await eventually(async () => count(303, 'before') >= 40, 60_000, '40 sign-ups before');
			// The test's own connection goes down with the server; it reconnects afterwards.
			await server.stop();
			phase = 'down';
			// Both instances have answered a few requests made while the database was away (how they
			// answered is asserted below, so a failure shows the statuses, not a timeout).
			await eventually(
				async () => apps.every((app) => answeredDown(app) >= 3),
				30_000,
				'answers from both instances while the database is down'
			).catch(() => {});
			// GETs that read the database (in a load or a hook), /healthz, the kept event pages.
			down = await probeAll(apps, seeded.slug, cookies);
			// The kept page's form, posted: refused, as it needs the database.
			postedDown = await Promise.all(
				apps.map((app) => probe(app, `/events/${seeded.slug}`, '', 'POST'))
			);
			await server.start();
			phase = 'after';
			healthyAgain = await Promise.all(apps.map((app) => waitHealthy(app, 30_000))).then(
				() => true,
				() => false
			);
			if (healthyAgain) {
				await eventually(async () => count(303, 'after') >= 40, 60_000, '40 sign-ups after');
				recovered = await probeAll(apps, seeded.slug, cookies);
			}
		} finally {
			running = false;
			await Promise.all(lanes);
		}

		// Both processes are the ones started before the restart: none crashed, none was restarted.
		for (const app of apps) {
			expect(app.child.exitCode, `${app.name} exited:\n${app.output().slice(-3000)}`).toBeNull();
		}
		// Every request was answered, with success or a clean 503: no hang, reset or 500.
		const statuses = tally(answers);
		expect(Object.keys(statuses).sort(), JSON.stringify(statuses)).toEqual(['303', '503']);
		for (const app of apps) expect(answeredDown(app)).toBeGreaterThanOrEqual(3);
		const refused = answers.filter((a) => a.status === 503);
		for (const answer of refused.slice(0, 20)) {
			expect(answer.body).toContain('<main id="main"');
			expect(answer.body).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node_modules|Error:/);
		}
		// The pages that need the database answered alike: 503, Retry-After, a page of the site's
		// own; the event pages kept before the outage were served as they were, form and all.
		const whileDown = down ?? [];
		expect(whileDown).toHaveLength(PROBES.length * apps.length);
		expect(whileDown.map((p) => `${p.path} ${p.status} ${p.retryAfter}`)).toEqual(
			whileDown.map((p) => (p.kept ? `${p.path} 200 null` : `${p.path} 503 5`))
		);
		for (const page of whileDown.filter((p) => p.path !== '/healthz')) {
			expect(page.body, page.path).toContain(page.kept ? 'name="email"' : '<main id="main"');
			expect(page.body).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node_modules|Error:/);
		}
		expect(whileDown.find((p) => p.path.startsWith('/en/events'))?.body).toContain(
			'The service is briefly unavailable'
		);
		const posted = postedDown ?? [];
		expect(posted.map((p) => `${p.status} ${p.retryAfter}`)).toEqual(apps.map(() => '503 5'));
		for (const answer of posted) expect(answer.body).toContain('<main id="main"');

		// They recovered by themselves, the staff sessions too.
		expect(healthyAgain).toBe(true);
		const afterwards = recovered ?? [];
		expect(afterwards).toHaveLength(PROBES.length * apps.length);
		expect(afterwards.map((p) => `${p.path} ${p.status}`)).toEqual(
			afterwards.map((p) => `${p.path} 200`)
		);
		expect(count(303, 'after')).toBeGreaterThanOrEqual(40);

		// Every sign-up answered with success is stored, as what it was told.
		await expectStoredAsTold(seeded, answers);
		await expectConsistent(seeded);

		// What the instances logged about the outage names no one (Drizzle's errors carry the
		// query's parameters; handleError must not pass them on).
		for (const app of apps) expect(app.output()).not.toContain('@example.com');
	});
});
