import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { load } from './+page.server';

// The route opens the process-wide database; here it is a fresh one per database kind.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

function open(slug: string, search = '') {
	const event = {
		params: { slug },
		url: new URL(`http://ilmo.test/events/${slug}/registered${search}`)
	};
	return outcome(() => load(event as never));
}

describe.each(DATABASE_KINDS)('the page after a sign-up on %s', (kind) => {
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	it('is one page for every outcome: it reads no status from the URL, only the event', async () => {
		const ev = await makeEvent(holder.database!.db, { capacity: 3, confirmedCount: 1 });
		const plain = await open(ev.slug);
		expect(plain).toEqual({
			kind: 'data',
			value: {
				event: {
					slug: ev.slug,
					title: ev.titleFi,
					titleLang: 'fi',
					open: true,
					seatsLeft: 2
				}
			}
		});
		for (const search of ['?status=confirmed', '?status=waitlisted', '?status=<b>x</b>']) {
			expect(await open(ev.slug, search)).toEqual(plain);
		}
	});

	it('states a full event as full, and 404s an unknown one', async () => {
		const full = await makeEvent(holder.database!.db, { capacity: 2, confirmedCount: 2 });
		expect(await open(full.slug)).toMatchObject({ value: { event: { open: true, seatsLeft: 0 } } });
		expect(await open('no-such-event')).toEqual({ kind: 'error', status: 404 });
	});
});
