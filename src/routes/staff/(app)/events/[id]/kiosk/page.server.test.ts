import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { rateLimit, registration, type Event } from '$lib/server/db/schema';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { actions as publicActions } from '../../../../../(public)/events/[slug]/+page.server';
import { actions } from './+page.server';

/** Valid sign-ups one client address may send per window: low, so the kiosk goes past it. */
const LIMIT = 2;

const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));
vi.mock('$lib/server/auth/guard', () => ({
	requireStaff: () => ({ id: 'u', email: 'a@wetteri.fi', displayName: 'A', role: 'staff' })
}));
vi.mock('$lib/server/config', async (importOriginal) => {
	const real = await importOriginal<typeof import('$lib/server/config')>();
	const limited = () => {
		const loaded = real.config();
		return {
			...loaded,
			rateLimits: { ...loaded.rateLimits, signups: { max: LIMIT, windowSeconds: 600 } }
		};
	};
	return { ...real, config: limited };
});

const ADDRESS = '203.0.113.77';

function form(fields: Record<string, string>) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return body;
}

function valid(): Record<string, string> {
	return makeSignup() as unknown as Record<string, string>;
}

/** The kiosk's sign-up, posted from a tablet whose session is locked to `kioskEventId`. */
function kioskSignup(event: Event, fields: Record<string, string>, kioskEventId: string | null) {
	const request = new Request(`http://ilmo.test/staff/events/${event.id}/kiosk?/signup`, {
		method: 'POST',
		body: form(fields)
	});
	const requestEvent = {
		params: { id: event.id },
		request,
		url: new URL(request.url),
		locals: { session: { id: 's', kioskEventId } },
		getClientAddress: () => ADDRESS
	};
	return outcome(() => actions.signup!(requestEvent as never));
}

function publicSignup(event: Event, fields: Record<string, string>) {
	const request = new Request(`http://ilmo.test/events/${event.slug}`, {
		method: 'POST',
		body: form(fields)
	});
	const requestEvent = {
		params: { slug: event.slug },
		request,
		url: new URL(request.url),
		getClientAddress: () => ADDRESS
	};
	return outcome(() => publicActions.default!(requestEvent as never));
}

describe.each(DATABASE_KINDS)('the kiosk sign-up on %s', (kind) => {
	let event: Event;
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
		event = await makeEvent(holder.database.db, { capacity: 100 });
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	const stored = async () => (await holder.database!.db.select().from(registration)).length;

	it('signs up more people from one address than the public form takes', async () => {
		for (let i = 0; i < LIMIT; i++) {
			expect(await publicSignup(event, valid())).toMatchObject({ kind: 'redirect' });
		}
		expect(await publicSignup(event, valid())).toMatchObject({
			kind: 'data',
			value: { status: 429 }
		});
		const before = await stored();
		const counted = (await holder.database!.db.select().from(rateLimit)).length;
		for (let i = 0; i < LIMIT + 2; i++) {
			expect(await kioskSignup(event, valid(), event.id), `kiosk sign-up ${i + 1}`).toEqual({
				kind: 'redirect',
				status: 303,
				location: `/staff/events/${event.id}/kiosk/thanks`
			});
		}
		expect(await stored()).toBe(before + LIMIT + 2);
		// Nothing counted against the stand's address either.
		expect((await holder.database!.db.select().from(rateLimit)).length).toBe(counted);
	});

	it('keeps the rules of a sign-up: a typing error comes back as typed, nothing stored', async () => {
		const before = await stored();
		const typo = await kioskSignup(event, { ...valid(), email: 'aino@example' }, event.id);
		expect(typo).toMatchObject({ kind: 'data', value: { status: 400 } });
		expect(await stored()).toBe(before);
	});

	it('signs nobody up from a session that is not in kiosk mode for this event', async () => {
		const before = await stored();
		for (const lock of [null, '0e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0']) {
			expect(await kioskSignup(event, valid(), lock)).toEqual({
				kind: 'redirect',
				status: 303,
				location: `/staff/events/${event.id}/kiosk`
			});
		}
		expect(await stored()).toBe(before);
	});
});
