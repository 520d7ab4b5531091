import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { historyOf, mintUnsubscribeToken, recordDecision, stateOf } from '$lib/server/permissions';
import { makePeople } from '$tests/permissions';
import { openTestDatabase } from '$tests/databases';
import { outcome } from '$tests/route-outcome';
import { actions, load } from './+page.server';

// The route opens the process-wide database; here it is a fresh one per file.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

/** A POST as a browser without JavaScript (or a mail provider) sends it. */
function post(token: string, body: BodyInit, contentType?: string) {
	const request = new Request(`http://ilmo.test/unsubscribe/${token}`, {
		method: 'POST',
		body,
		headers: contentType ? { 'content-type': contentType } : {}
	});
	const event = { params: { token }, request, url: new URL(request.url) };
	return outcome(() => actions.default!(event as never));
}

function choice(token: string, value: string) {
	const form = new FormData();
	form.set('choice', value);
	return post(token, form);
}

function open(token: string, search = '') {
	const headers: Record<string, string> = {};
	const event = {
		params: { token },
		url: new URL(`http://ilmo.test/unsubscribe/${token}${search}`),
		setHeaders: (set: Record<string, string>) => Object.assign(headers, set)
	};
	return outcome(async () => ({ data: await load(event as never), headers }));
}

// The route's own logic does not depend on the database kind; the domain tests cover both.
describe('POST /unsubscribe/{token} (no JavaScript, RFC 8058)', () => {
	beforeAll(async () => {
		holder.database = await openTestDatabase('pglite');
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	async function subscribed() {
		const db = holder.database!.db;
		const personId = (await makePeople(db, 1))[0]!;
		const granted = await recordDecision(db, {
			personId,
			channel: 'email',
			decision: 'granted',
			source: 'link',
			recordedBy: { kind: 'person' }
		});
		expect(granted.ok).toBe(true);
		return { personId, token: await mintUnsubscribeToken(db, personId) };
	}

	it('shows the state without changing it, privately, and 404s an unknown link', async () => {
		const { personId, token } = await subscribed();
		const before = await historyOf(holder.database!.db, personId);
		for (let i = 0; i < 2; i++) {
			const shown = await open(token);
			expect(shown).toMatchObject({
				kind: 'data',
				value: {
					data: { done: null, state: { email: { decision: 'granted' } } },
					headers: { 'cache-control': 'no-store' }
				}
			});
		}
		expect(await historyOf(holder.database!.db, personId)).toEqual(before);
		expect(await open('a'.repeat(32))).toEqual({ kind: 'error', status: 404 });
		// Only known choices come back as a notice.
		expect(await open(token, '?done=grant_email')).toMatchObject({
			value: { data: { done: null } }
		});
	});

	it('withdraws email consent on a one-click POST and answers 200 without a redirect', async () => {
		const { personId, token } = await subscribed();
		const answer = await post(
			token,
			'List-Unsubscribe=One-Click',
			'application/x-www-form-urlencoded'
		);
		expect(answer).toEqual({ kind: 'data', value: { done: 'withdraw_email' } });
		const state = await stateOf(holder.database!.db, personId);
		expect(state.email).toMatchObject({ decision: 'withdrawn', source: 'link', mayMarket: false });
		// The other channels are untouched: phone and post stay allowed.
		expect(state.phone.mayMarket).toBe(true);
	});

	it('records each button and redirects back with a notice', async () => {
		const { personId, token } = await subscribed();
		expect(await choice(token, 'prohibit_phone')).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/unsubscribe/${token}?done=prohibit_phone`
		});
		let state = await stateOf(holder.database!.db, personId);
		expect(state.phone.decision).toBe('prohibited');
		expect(state.email.decision).toBe('granted');

		expect(await choice(token, 'withdraw_email')).toMatchObject({ kind: 'redirect' });
		expect((await stateOf(holder.database!.db, personId)).email.decision).toBe('withdrawn');

		expect(await choice(token, 'prohibit_all')).toMatchObject({
			kind: 'redirect',
			location: `/unsubscribe/${token}?done=prohibit_all`
		});
		state = await stateOf(holder.database!.db, personId);
		for (const channel of ['email', 'sms', 'phone', 'post'] as const) {
			expect(state[channel]).toMatchObject({ decision: 'prohibited', mayMarket: false });
		}
		expect(await open(token, '?done=prohibit_all')).toMatchObject({
			value: { data: { done: 'prohibit_all' } }
		});
	});

	it('refuses anything else with 400 and records nothing; an unknown link is 404', async () => {
		const { personId, token } = await subscribed();
		const before = await historyOf(holder.database!.db, personId);
		for (const answer of [
			await choice(token, 'grant_email'),
			await post(token, new FormData()),
			await post(token, 'List-Unsubscribe=Two-Clicks', 'application/x-www-form-urlencoded'),
			await post(token, 'not a form', 'text/plain'),
			await post(token, '--x\r\nbroken', 'multipart/form-data; boundary=x')
		]) {
			expect(answer).toMatchObject({ kind: 'data', value: { status: 400 } });
		}
		expect(await historyOf(holder.database!.db, personId)).toEqual(before);

		const unknown = 'b'.repeat(32);
		expect(await choice(unknown, 'withdraw_email')).toEqual({ kind: 'error', status: 404 });
		expect(await choice(unknown, 'nonsense')).toEqual({ kind: 'error', status: 404 });
		expect(
			await post(unknown, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')
		).toEqual({ kind: 'error', status: 404 });
	});
});
