import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { rateLimit, registration } from '$lib/server/db/schema';
import type { Event } from '$lib/server/db/schema';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { actions } from './+page.server';

/** Valid sign-ups one client address may send per window here. */
const LIMIT = 5;

// The route opens the process-wide database; here it is a fresh one per database kind.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));
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

let addresses = 0;

/** A fresh documentation-range client address (RFC 5737) per scenario. */
function newAddress() {
	addresses++;
	return `203.0.113.${addresses}`;
}

/** A sign-up form posted without JavaScript from `address`. */
function post(slug: string, fields: Record<string, string>, address: string) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const request = new Request(`http://ilmo.test/events/${slug}`, { method: 'POST', body });
	const event = {
		params: { slug },
		request,
		url: new URL(request.url),
		getClientAddress: () => address
	};
	return outcome(() => actions.default!(event as never));
}

function valid(overrides: Record<string, string> = {}): Record<string, string> {
	return { ...(makeSignup() as unknown as Record<string, string>), ...overrides };
}

describe.each(DATABASE_KINDS)('the sign-up action on %s', (kind) => {
	let event: Event;
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
		event = await makeEvent(holder.database.db, { capacity: 100 });
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	const stored = async () => (await holder.database!.db.select().from(registration)).length;
	const counted = async () => (await holder.database!.db.select().from(rateLimit)).length;

	it('counts no typing errors: 20 invalid posts write nothing, the valid ones that follow are stored', async () => {
		const address = newAddress();
		const before = await stored();
		for (let i = 0; i < 20; i++) {
			const typo = await post(event.slug, valid({ email: `aino.${i}@example` }), address);
			expect(typo, `typo ${i + 1}`).toMatchObject({ kind: 'data', value: { status: 400 } });
		}
		// Junk posted in a loop costs nothing: no count, no row.
		expect(await counted()).toBe(0);
		for (let i = 0; i < LIMIT; i++) {
			expect(await post(event.slug, valid(), address), `sign-up ${i + 1}`).toEqual({
				kind: 'redirect',
				status: 303,
				location: `/events/${event.slug}/registered`
			});
		}
		expect(await stored()).toBe(before + LIMIT);
	});

	it('refuses valid sign-up limit + 1 with 429 and gives back what was typed', async () => {
		const address = newAddress();
		for (let i = 0; i < LIMIT; i++) await post(event.slug, valid(), address);
		const before = await stored();
		const typed = valid({ phone: '040 111 2233' });
		const refused = await post(event.slug, typed, address);
		expect(refused).toMatchObject({
			kind: 'data',
			value: {
				status: 429,
				data: { form: { data: { email: typed.email, phone: typed.phone }, message: {} } }
			}
		});
		expect(await stored()).toBe(before);
		// Another address is not affected.
		expect(await post(event.slug, valid(), newAddress())).toMatchObject({ status: 303 });
	});

	it('answers a filled honeypot like a person: 400 for typos, else the redirect, storing nothing', async () => {
		const address = newAddress();
		const before = { stored: await stored(), counted: await counted() };
		const trapped = await post(
			event.slug,
			valid({ email: 'bot@example', fax_number: 'x' }),
			address
		);
		expect(trapped).toMatchObject({ kind: 'data', value: { status: 400 } });
		expect(await counted()).toBe(before.counted);
		for (let i = 0; i < LIMIT; i++) {
			expect(await post(event.slug, valid({ fax_number: 'x' }), address)).toEqual({
				kind: 'redirect',
				status: 303,
				location: `/events/${event.slug}/registered`
			});
		}
		expect(await stored()).toBe(before.stored);
		// The bot meets the limit a person would.
		expect(await post(event.slug, valid({ fax_number: 'x' }), address)).toMatchObject({
			value: { status: 429 }
		});
	});

	it('sends every outcome to one page: a repeat by the holder of the last seat reads as a new sign-up', async () => {
		const lastSeat = await makeEvent(holder.database!.db, { capacity: 1 });
		const person = valid();
		const landed = `/events/${lastSeat.slug}/registered`;
		const first = await post(lastSeat.slug, person, newAddress());
		// The event is full now; the mail to the holder says their seat is confirmed.
		const again = await post(lastSeat.slug, person, newAddress());
		const queued = await post(lastSeat.slug, valid(), newAddress());
		for (const answer of [first, again, queued]) {
			expect(answer).toEqual({ kind: 'redirect', status: 303, location: landed });
		}
	});
});
