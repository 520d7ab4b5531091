import { isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import * as users from '$lib/server/auth/users';
import { openTestDatabase } from '$tests/databases';
import { actions, load } from './+page.server';
import { load as loadCode } from './code/+page.server';

// The route opens the process-wide database; here it is a fresh one per file.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

const ORIGIN = 'http://ilmo.test';
const PASSWORD = 'ohjaus-vuoro-2026';
/** The report's example, and its cousins: each must land on a staff page of this site. */
const NEXTS = [
	'/staff/..//evil.example/phish',
	'/en/staff/..//evil.example/phish',
	'/staff/%2e%2e//evil.example/phish',
	'/staff\\..\\..\\evil.example',
	'//evil.example/staff',
	'/staff/%2F%2Fevil.example'
];

async function redirectOf(run: () => unknown): Promise<string> {
	try {
		await run();
	} catch (thrown) {
		if (isRedirect(thrown)) return thrown.location;
		throw thrown;
	}
	throw new Error('no redirect');
}

function signedIn(secondFactorVerified: boolean) {
	return {
		user: { id: 'u', email: 'a@wetteri.fi', displayName: 'A', role: 'staff', totpEnabled: false },
		session: { id: 's', secondFactorVerified },
		mustEnrollTotp: false
	};
}

function expectOnSite(location: string) {
	expect(location.startsWith('//')).toBe(false);
	expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
	expect(new URL(location, ORIGIN).pathname).toBe('/staff');
}

describe('where the sign-in pages send a signed-in user', () => {
	it.each(NEXTS)('GET /staff/login?next=%s stays on this site', async (next) => {
		const url = new URL(`${ORIGIN}/staff/login?next=${encodeURIComponent(next)}`);
		expectOnSite(await redirectOf(() => load({ locals: signedIn(true), url } as never)));
	});

	it.each(NEXTS)('GET /staff/login/code?next=%s stays on this site', async (next) => {
		const url = new URL(`${ORIGIN}/staff/login/code?next=${encodeURIComponent(next)}`);
		expectOnSite(await redirectOf(() => loadCode({ locals: signedIn(true), url } as never)));
	});
});

describe('POST /staff/login', () => {
	beforeAll(async () => {
		holder.database = await openTestDatabase('pglite');
		const created = await users.create(
			holder.database.db,
			{ email: 'ohjaaja@wetteri.fi', displayName: 'Ohjaaja', role: 'staff', password: PASSWORD },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	it.each(NEXTS)('with next=%s sends the signed-in user to a staff page here', async (next) => {
		const form = new FormData();
		form.set('email', 'ohjaaja@wetteri.fi');
		form.set('password', PASSWORD);
		const url = new URL(`${ORIGIN}/staff/login?next=${encodeURIComponent(next)}`);
		const request = new Request(url, { method: 'POST', body: form });
		const set: string[] = [];
		const event = {
			request,
			url,
			cookies: { set: (name: string) => set.push(name) },
			getClientAddress: () => '192.0.2.10'
		};
		expectOnSite(await redirectOf(() => actions.default!(event as never)));
		expect(set).toEqual(['ilmo_staff_session']);
	});

	it('sets a __Host- cookie (Secure, Path=/, no Domain) when served over https', async () => {
		const form = new FormData();
		form.set('email', 'ohjaaja@wetteri.fi');
		form.set('password', PASSWORD);
		const url = new URL('https://ilmo.test/staff/login');
		const set: { name: string; options: Record<string, unknown> }[] = [];
		const event = {
			request: new Request(url, { method: 'POST', body: form }),
			url,
			cookies: {
				set: (name: string, _value: string, options: Record<string, unknown>) =>
					set.push({ name, options })
			},
			getClientAddress: () => '192.0.2.11'
		};
		expect(await redirectOf(() => actions.default!(event as never))).toBe('/staff');
		expect(set).toHaveLength(1);
		expect(set[0]!.name).toBe('__Host-ilmo_staff_session');
		expect(set[0]!.options).toMatchObject({ secure: true, path: '/', httpOnly: true });
		expect(set[0]!.options).not.toHaveProperty('domain');
	});
});
