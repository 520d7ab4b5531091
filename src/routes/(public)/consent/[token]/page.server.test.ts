import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { historyOf, requestEmailConsent, stateOf } from '$lib/server/permissions';
import { outboxTo } from '$tests/attendees';
import { makePeople } from '$tests/permissions';
import { openTestDatabase } from '$tests/databases';
import { outcome } from '$tests/route-outcome';
import { ORGANIZER, ORIGIN } from '$tests/factories';
import { actions, load } from './+page.server';

// The route opens the process-wide database; here it is a fresh one per file.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

const DAY_MS = 86_400_000;

function open(token: string, search = '') {
	const headers: Record<string, string> = {};
	const event = {
		params: { token },
		url: new URL(`http://ilmo.test/consent/${token}${search}`),
		setHeaders: (set: Record<string, string>) => Object.assign(headers, set)
	};
	return outcome(async () => ({ data: await load(event as never), headers }));
}

/** The button: a plain form POST with nothing in it. */
function confirm(token: string) {
	const request = new Request(`http://ilmo.test/consent/${token}`, {
		method: 'POST',
		body: new FormData()
	});
	const event = { params: { token }, request, url: new URL(request.url) };
	return outcome(() => actions.default!(event as never));
}

// The route's own logic does not depend on the database kind; the domain tests cover both.
describe('/consent/{token}', () => {
	let counter = 0;
	beforeAll(async () => {
		holder.database = await openTestDatabase('pglite');
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	async function asked(now?: Date) {
		const db = holder.database!.db;
		const personId = (await makePeople(db, 1))[0]!;
		const email = `tilaaja.${++counter}@example.fi`;
		const context = { origin: ORIGIN, organizer: ORGANIZER };
		await db.transaction((tx) =>
			requestEmailConsent(tx, { personId, email, locale: 'en', context, now })
		);
		const text = (await outboxTo(db, email)).at(-1)?.message?.text ?? '';
		const token = /\/consent\/([a-z0-9]+)/.exec(text)![1]!;
		return { personId, email, token };
	}

	it('shows the request on GET and records nothing, however often it is opened', async () => {
		const { personId, email, token } = await asked();
		for (let i = 0; i < 3; i++) {
			expect(await open(token)).toMatchObject({
				kind: 'data',
				value: {
					data: { state: 'open', email, wordingLocale: 'en' },
					headers: { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' }
				}
			});
		}
		const shown = (await open(token)) as { value: { data: { wordingText: string } } };
		expect(shown.value.data.wordingText).toContain(ORGANIZER.name);
		expect(await historyOf(holder.database!.db, personId)).toEqual([]);
		expect((await stateOf(holder.database!.db, personId)).email.decision).toBe('not_asked');
	});

	it('records the grant on POST, once, and then says it is confirmed', async () => {
		const { personId, token } = await asked();
		expect(await confirm(token)).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/consent/${token}?confirmed=1`
		});
		const state = await stateOf(holder.database!.db, personId);
		expect(state.email).toMatchObject({
			decision: 'granted',
			basis: 'consent',
			source: 'link',
			mayMarket: true
		});
		expect(await open(token, '?confirmed=1')).toMatchObject({
			value: { data: { state: 'confirmed' } }
		});
		expect(await open(token)).toMatchObject({ value: { data: { state: 'already' } } });

		// A second press changes nothing and lands on "already confirmed".
		expect(await confirm(token)).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/consent/${token}`
		});
		expect(await historyOf(holder.database!.db, personId)).toHaveLength(1);
	});

	it('says an expired link has expired, on GET and POST alike, and records nothing', async () => {
		const { personId, token } = await asked(new Date(Date.now() - 8 * DAY_MS));
		expect(await open(token)).toMatchObject({ value: { data: { state: 'expired' } } });
		expect(await confirm(token)).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/consent/${token}`
		});
		// ?confirmed=1 cannot make an unconfirmed request look confirmed.
		expect(await open(token, '?confirmed=1')).toMatchObject({
			value: { data: { state: 'expired' } }
		});
		expect(await historyOf(holder.database!.db, personId)).toEqual([]);
	});

	it('answers an unknown link with 404 on GET and POST', async () => {
		const unknown = 'c'.repeat(32);
		expect(await open(unknown)).toEqual({ kind: 'error', status: 404 });
		expect(await confirm(unknown)).toEqual({ kind: 'error', status: 404 });
	});
});
