import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { outboxTo } from '$tests/attendees';
import { makeContact } from '$tests/permissions';
import { register } from '$lib/server/registrations';
import * as tokens from '$lib/server/tokens';
import { openTestDatabase } from '$tests/databases';
import { outcome } from '$tests/route-outcome';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { actions, load } from './+page.server';
import { GET } from './data.json/+server';

// The route opens the process-wide database; here it is a fresh one per file.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

type Marketing = {
	state: Record<string, { decision: string }>;
	email: string | null;
	canSubscribe: boolean;
	done: string | null;
};

async function marketingShown(token: string, search = ''): Promise<Marketing> {
	const event = {
		params: { token },
		url: new URL(`http://ilmo.test/manage/${token}${search}`),
		setHeaders: () => {}
	};
	const data = (await load(event as never)) as { marketing: Marketing };
	return data.marketing;
}

function press(token: string, action: 'marketing' | 'marketingSubscribe', choice?: string) {
	const form = new FormData();
	if (choice) form.set('choice', choice);
	const request = new Request(`http://ilmo.test/manage/${token}?/${action}`, {
		method: 'POST',
		body: form
	});
	const event = { params: { token }, request, url: new URL(request.url) };
	return outcome(() => actions[action]!(event as never));
}

// The route's own logic does not depend on the database kind; the domain tests cover both.
describe('the marketing section of /manage/{token}', () => {
	beforeAll(async () => {
		holder.database = await openTestDatabase('pglite');
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	async function registrant() {
		const db = holder.database!.db;
		const data = makeSignup();
		const result = await register(db, {
			event: await makeEvent(db),
			data,
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error('sign-up refused');
		const text = (await outboxTo(db, data.email)).at(-1)?.message?.text ?? '';
		const token = /\/manage\/([a-z0-9]+)/.exec(text)![1]!;
		return { email: data.email, token };
	}

	it('shows every channel and offers news by email to the address on record', async () => {
		const { email, token } = await registrant();
		const shown = await marketingShown(token);
		expect(shown).toMatchObject({ email, canSubscribe: true, done: null });
		for (const channel of ['email', 'sms', 'phone', 'post']) {
			expect(shown.state[channel]).toMatchObject({ decision: 'not_asked' });
		}
		expect((await marketingShown(token, '?marketing=nonsense')).done).toBeNull();
	});

	it('starts double opt-in without recording consent', async () => {
		const { email, token } = await registrant();
		expect(await press(token, 'marketingSubscribe')).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/manage/${token}?marketing=requested#marketing`
		});
		const mails = await outboxTo(holder.database!.db, email);
		expect(mails.map((mail) => mail.template)).toContain('marketing.consent');
		const shown = await marketingShown(token, '?marketing=requested');
		expect(shown.done).toBe('requested');
		expect(shown.state.email!.decision).toBe('not_asked');
	});

	it('withdraws and forbids, never grants, and puts it all in the download', async () => {
		const { email, token } = await registrant();
		expect(await press(token, 'marketing', 'prohibit_sms')).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/manage/${token}?marketing=prohibited#marketing`
		});
		expect(await press(token, 'marketing', 'grant_email')).toMatchObject({
			kind: 'data',
			value: { status: 400 }
		});
		expect(await press(token, 'marketing')).toMatchObject({ value: { status: 400 } });
		expect(await press(token, 'marketing', 'prohibit_email')).toMatchObject({
			location: `/manage/${token}?marketing=prohibited#marketing`
		});

		// With email forbidden, no opt-in is offered, and one posted anyway sends nothing.
		const shown = await marketingShown(token);
		expect(shown.canSubscribe).toBe(false);
		expect(shown.state.sms!.decision).toBe('prohibited');
		const before = (await outboxTo(holder.database!.db, email)).length;
		expect(await press(token, 'marketingSubscribe')).toMatchObject({
			location: `/manage/${token}#marketing`
		});
		expect(await outboxTo(holder.database!.db, email)).toHaveLength(before);

		expect(await press(token, 'marketing', 'prohibit_all')).toMatchObject({
			location: `/manage/${token}?marketing=prohibited_all#marketing`
		});

		const response = await GET({
			params: { token },
			url: new URL(`http://ilmo.test/manage/${token}/data.json`)
		} as never);
		const file = (await response.json()) as {
			controller: Record<string, string>;
			registrations: unknown[];
			enteredByOthers: unknown[];
			marketing: {
				state: Record<string, { decision: string; since: string | null }>;
				history: Record<string, unknown>[];
			};
		};
		expect(file.registrations).toHaveLength(1);
		// What a group's booker typed about this person is part of their download (none here).
		expect(file.enteredByOthers).toEqual([]);
		expect(file.controller).toEqual({
			name: expect.any(String),
			address: expect.any(String),
			phone: expect.any(String),
			email: expect.stringContaining('@'),
			privacyUrl: 'http://ilmo.test/privacy'
		});
		expect(file.marketing.state.phone).toMatchObject({ decision: 'prohibited' });
		expect(file.marketing.state.post!.since).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(file.marketing.history.map((entry) => [entry.channel, entry.decision])).toEqual([
			['all', 'prohibited'],
			['email', 'prohibited'],
			['sms', 'prohibited']
		]);
		expect(file.marketing.history[0]).toMatchObject({ source: 'manage', recordedBy: 'you' });
		expect(file.marketing.history[0]).not.toHaveProperty('staffName');
	});

	it('works the same on a person link (a contact), with the address on its record', async () => {
		const db = holder.database!.db;
		const contact = await makeContact(db, { email: 'kontakti.uutiset@yritys.fi' });
		const token = await tokens.mint(db, { purpose: 'manage', personId: contact.personId });
		expect(await marketingShown(token)).toMatchObject({
			email: 'kontakti.uutiset@yritys.fi',
			canSubscribe: true
		});
		expect(await press(token, 'marketing', 'prohibit_post')).toMatchObject({
			location: `/manage/${token}?marketing=prohibited#marketing`
		});
		expect((await marketingShown(token)).state.post!.decision).toBe('prohibited');
		expect(await press(token, 'marketingSubscribe')).toMatchObject({
			location: `/manage/${token}?marketing=requested#marketing`
		});
		const sent = await outboxTo(db, 'kontakti.uutiset@yritys.fi');
		expect(sent.map((mail) => mail.template)).toEqual(['marketing.consent']);

		// Without an address on record there is nothing to send to.
		const silent = await makeContact(db, { email: null });
		const silentToken = await tokens.mint(db, { purpose: 'manage', personId: silent.personId });
		expect(await marketingShown(silentToken)).toMatchObject({ email: null, canSubscribe: false });
		// A notice naming an address is not shown without one: it would read "sent to ."
		expect((await marketingShown(silentToken, '?marketing=requested')).done).toBeNull();
		expect(await press(silentToken, 'marketingSubscribe')).toMatchObject({
			kind: 'data',
			value: { status: 409 }
		});
	});

	it('answers an unknown link with 404 and records nothing', async () => {
		const unknown = 'd'.repeat(32);
		expect(await press(unknown, 'marketing', 'prohibit_all')).toEqual({
			kind: 'error',
			status: 404
		});
		expect(await press(unknown, 'marketingSubscribe')).toEqual({ kind: 'error', status: 404 });
	});
});
