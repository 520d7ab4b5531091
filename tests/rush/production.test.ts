/**
 * Issue 12: what `node build` itself must hold in production — it does not start without ORIGIN,
 * it compresses what it renders, speaks HSTS and a __Host- cookie over https, keeps the 64 KB limit
 * on the anonymous sign-in steps, and guards staff pages however their path is spelt.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, stopAllApps, type AppInstance } from './support/app';
import { askRaw } from './support/raw-http';
import { eventually, seedDatabase, type Seeded } from './support/database';
import { freePort } from '../support/postgres-server';

const STAFF = { email: 'production.staff@wetteritrucks.fi', password: 'tuotantopalvelin-2026' };

function get(app: AppInstance, path: string, headers: Record<string, string> = {}) {
	return fetch(`${app.origin}${path}`, {
		redirect: 'manual',
		headers: { accept: 'text/html', ...headers },
		signal: AbortSignal.timeout(30_000)
	});
}

function post(app: AppInstance, path: string, body: string, origin = app.origin) {
	return fetch(`${app.origin}${path}`, {
		method: 'POST',
		body,
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		signal: AbortSignal.timeout(30_000)
	});
}

/** Loaded into the instances of these tests: it tells which answers the front handler gave. */
const FRONT_PROBE = {
	NODE_OPTIONS: `--import ${join(import.meta.dirname, 'support/front-probe.mjs')}`
};

const probed = (app: AppInstance) =>
	app
		.output()
		.split('\n')
		.filter((line) => line.startsWith('[front-probe]')).length;

/**
 * A kept event page is answered before SvelteKit (front/handler.js) while its version is less than a
 * second old, by SvelteKit's `handle` otherwise: the two answers must not differ in a byte or a
 * header. Any POST on the instance makes the next view take SvelteKit's path (it may have changed
 * the event); the view right after it is the front's (tried again when a slow moment let the
 * version grow a second old in between).
 */
async function expectFrontAsKit(app: AppInstance, slug: string) {
	const paths = [`/events/${slug}`, `/en/events/${slug}`, `/embed/events/${slug}`];
	const variants = [
		['GET', 'gzip, deflate, br'],
		['GET', 'gzip'],
		['GET', 'identity'],
		['HEAD', 'br']
	] as const;
	for (const path of paths) {
		for (const [method, encoding] of variants) {
			const what = `${method} ${path} ${encoding}`;
			const headers = { accept: 'text/html', 'accept-encoding': encoding };
			let compared = false;
			for (let attempt = 0; attempt < 3 && !compared; attempt++) {
				const write = await askRaw(app.origin, '/healthz', { method: 'POST' });
				expect(write.status).toBeGreaterThanOrEqual(400);
				const before = probed(app);
				const kit = await askRaw(app.origin, path, { method, headers });
				const front = await askRaw(app.origin, path, { method, headers });
				expect(kit.status, what).toBe(200);
				expect(front, what).toEqual(kit);
				compared = await eventually(async () => probed(app) === before + 1, 1000, what).then(
					() => true,
					() => false
				);
				expect(probed(app), what).toBeLessThanOrEqual(before + 1);
			}
			expect(compared, `${what} answered in front`).toBe(true);
		}
	}
	// A browser's revalidation goes to SvelteKit, which compares the etag (the front answers 200 only).
	const plain = { accept: 'text/html', 'accept-encoding': 'identity' };
	const page = await askRaw(app.origin, `/events/${slug}`, { headers: plain });
	const etag = page.headers.find((line) => line.startsWith('etag: '))?.slice('etag: '.length);
	expect(etag).toBeDefined();
	const revalidated = await askRaw(app.origin, `/events/${slug}`, {
		headers: { ...plain, 'if-none-match': etag! }
	});
	expect(revalidated.status).toBe(304);
	const embed = await askRaw(app.origin, `/embed/events/${slug}`);
	const csp = embed.headers.find((line) => line.startsWith('content-security-policy:'));
	expect(csp).toContain('frame-ancestors https://www.wetteritrucks.fi');
}

describe('the production server', () => {
	let seeded: Seeded;
	let app: AppInstance;

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 10, staff: STAFF });
		app = await startApp({
			name: 'production',
			databaseUrl: seeded.url,
			env: { ILMO_EMBED_ORIGINS: 'https://www.wetteritrucks.fi', ...FRONT_PROBE }
		});
	});

	afterAll(async () => {
		await stopAllApps();
		await seeded?.drop();
	});

	it('refuses to start without ORIGIN, saying why', async () => {
		const started = startApp({
			name: 'no-origin',
			databaseUrl: seeded.url,
			env: { ORIGIN: undefined }
		});
		await expect(started).rejects.toThrow(/ORIGIN is not set/);
	});

	it('refuses to start without ILMO_SECRET_KEY, or with another key than the data was made with', async () => {
		const unset = startApp({
			name: 'no-secret',
			databaseUrl: seeded.url,
			env: { ILMO_SECRET_KEY: undefined }
		});
		await expect(unset).rejects.toThrow(/ILMO_SECRET_KEY is not set/);
		// The database is tied to a key once it holds something encrypted under it: a TOTP key
		// stored in plain text (as before encryption) is encrypted by the next start.
		await seeded.sql`UPDATE staff_user SET totp_key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'`;
		const binding = await startApp({ name: 'binding', databaseUrl: seeded.url });
		await binding.stop();
		const [row] = await seeded.sql<{ totp_key: string }[]>`SELECT totp_key FROM staff_user`;
		expect(row?.totp_key).toMatch(/^v1:/);
		const other = startApp({
			name: 'other-secret',
			databaseUrl: seeded.url,
			env: { ILMO_SECRET_KEY: 'another-secret-key-of-more-than-32-characters' }
		});
		await expect(other).rejects.toThrow(/different ILMO_SECRET_KEY/);
		// The other tests sign in with the password alone.
		await seeded.sql`UPDATE staff_user SET totp_key = NULL`;
	});

	it('compresses pages with brotli or gzip as the client asks, and says it varies', async () => {
		const path = `/events/${seeded.slug}`;
		const br = await get(app, path, { 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toMatch(/Accept-Encoding/i);
		// fetch decodes the body as a browser does.
		expect(await br.text()).toContain('<main id="main"');

		const gzip = await get(app, '/en', { 'accept-encoding': 'gzip' });
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(await gzip.text()).toContain('Rush test');

		const plain = await get(app, path, { 'accept-encoding': 'identity' });
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toContain('<main id="main"');
	});

	it('answers a kept event page in front of SvelteKit as SvelteKit answered it', async () => {
		await expectFrontAsKit(app, seeded.slug);
	});

	it('keeps the 64 KB limit on the anonymous sign-in steps, however the path is spelt', async () => {
		const large = `email=a%40b.fi&password=${'x'.repeat(70 * 1024)}`;
		for (const path of ['/staff/login', '/en/staff/login', '/staff/login/code', '/%73taff/login']) {
			const response = await post(app, path, large);
			expect(`${path} ${response.status}`).toBe(`${path} 413`);
			await response.arrayBuffer();
		}
	});

	it('guards a staff page spelt with escapes like any other', async () => {
		const anonymous = await get(app, '/%73taff/users');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Fusers');

		const login = await post(app, '/staff/login', new URLSearchParams(STAFF).toString());
		const cookie = /ilmo_staff_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
		expect(cookie).toBeDefined();
		const signedIn = await get(app, '/%73taff/events', { cookie: cookie! });
		expect(signedIn.status).toBe(200);
		expect(signedIn.headers.get('cache-control')).toBe('no-store');
		expect(await signedIn.text()).toContain('Ruuhkatesti');
	});
});

describe('the production server behind https', () => {
	let seeded: Seeded;
	let app: AppInstance;
	let origin: string;

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 10, staff: STAFF });
		// TLS ends at the proxy in front; the app learns the scheme from ORIGIN.
		const port = await freePort();
		origin = `https://127.0.0.1:${port}`;
		const env = {
			ORIGIN: origin,
			ILMO_EMBED_ORIGINS: 'https://www.wetteritrucks.fi',
			...FRONT_PROBE
		};
		app = await startApp({ name: 'https', databaseUrl: seeded.url, port, env });
	});

	afterAll(async () => {
		await stopAllApps();
		await seeded?.drop();
	});

	it('answers a kept event page in front of SvelteKit as SvelteKit answered it', async () => {
		await expectFrontAsKit(app, seeded.slug);
	});

	it('asks browsers to keep to https', async () => {
		for (const path of ['/', `/events/${seeded.slug}`, '/staff/login']) {
			const response = await get(app, path);
			expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
			await response.arrayBuffer();
		}
	});

	it('names the session cookie __Host-, Secure, path / and without a domain', async () => {
		const login = await post(app, '/staff/login', new URLSearchParams(STAFF).toString(), origin);
		expect(login.status).toBe(303);
		const header = login.headers.get('set-cookie') ?? '';
		expect(header).toMatch(/^__Host-ilmo_staff_session=[a-z2-7]{32};/);
		expect(header).toMatch(/; Secure/i);
		expect(header).toMatch(/; Path=\/(;|$)/i);
		expect(header).not.toMatch(/; Domain=/i);
		const cookie = /^[^;]+/.exec(header)![0];
		const dashboard = await get(app, '/staff', { cookie });
		expect(dashboard.status).toBe(200);
	});
});
