import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { eq } from 'drizzle-orm';
import { eventImage, type Event } from '../db/schema';
import {
	findPublicBySlug,
	findPublicPageSource,
	listUpcoming,
	registrationState,
	seatsLeft,
	slugify
} from './index';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';

const HOUR = 3_600_000;
const now = new Date('2026-12-01T10:00:00Z');
const base = {
	status: 'published',
	registrationOpensAt: null,
	registrationClosesAt: null,
	startsAt: new Date(now.getTime() + 24 * HOUR),
	endsAt: new Date(now.getTime() + 28 * HOUR),
	capacity: 20,
	confirmedCount: 0
} as unknown as Event;

describe('registrationState', () => {
	it.each([
		[{}, 'open'],
		[{ status: 'draft' }, 'closed'],
		[{ status: 'cancelled' }, 'cancelled'],
		[{ registrationOpensAt: new Date(now.getTime() + HOUR) }, 'not_open'],
		[{ registrationOpensAt: new Date(now.getTime() - HOUR) }, 'open'],
		[{ registrationClosesAt: now }, 'closed'],
		[{ endsAt: now, startsAt: new Date(now.getTime() - HOUR) }, 'closed']
	])('%o → %s', (change, expected) => {
		expect(registrationState({ ...base, ...change } as Event, now)).toBe(expected);
	});

	it('counts seats left and never below zero', () => {
		expect(seatsLeft({ ...base, confirmedCount: 19 })).toBe(1);
		expect(seatsLeft({ ...base, capacity: 5, confirmedCount: 5 })).toBe(0);
	});
});

describe('slugify', () => {
	it('folds Finnish letters and punctuation into a URL-safe slug', () => {
		expect(slugify('Avoimet ovet – Turun myymälä!')).toBe('avoimet-ovet-turun-myymala');
		expect(slugify('Åland & Öljynvaihto')).toBe('aland-oljynvaihto');
	});
});

describe.each(DATABASE_KINDS)('event queries on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('lists only published events that have not ended, soonest first', async () => {
		const later = await makeEvent(database.db, {
			startsAt: new Date(Date.now() + 20 * 24 * HOUR),
			endsAt: new Date(Date.now() + 21 * 24 * HOUR)
		});
		const sooner = await makeEvent(database.db, {
			startsAt: new Date(Date.now() + 2 * 24 * HOUR),
			endsAt: new Date(Date.now() + 3 * 24 * HOUR)
		});
		const draft = await makeEvent(database.db, { status: 'draft' });
		const past = await makeEvent(database.db, {
			startsAt: new Date(Date.now() - 5 * HOUR),
			endsAt: new Date(Date.now() - HOUR)
		});
		const slugs = (await listUpcoming(database.db)).map((e) => e.slug);
		expect(slugs.indexOf(sooner.slug)).toBeLessThan(slugs.indexOf(later.slug));
		expect(slugs).not.toContain(draft.slug);
		expect(slugs).not.toContain(past.slug);
	});

	it('hides drafts from the public but shows cancelled events', async () => {
		const draft = await makeEvent(database.db, { status: 'draft' });
		const cancelled = await makeEvent(database.db, { status: 'cancelled' });
		expect(await findPublicBySlug(database.db, draft.slug)).toBeNull();
		expect((await findPublicBySlug(database.db, cancelled.slug))?.status).toBe('cancelled');
		expect(await findPublicBySlug(database.db, 'no-such-event')).toBeNull();
	});

	it('reads the page cache’s version in one query: the public event and its picture', async () => {
		const draft = await makeEvent(database.db, { status: 'draft' });
		expect(await findPublicPageSource(database.db, draft.slug)).toBeNull();
		expect(await findPublicPageSource(database.db, 'no-such-event')).toBeNull();
		const ev = await makeEvent(database.db, { status: 'cancelled' });
		const plain = await findPublicPageSource(database.db, ev.slug);
		expect(plain).toEqual({ row: await findPublicBySlug(database.db, ev.slug), image: null });
		// A picture, then its alt text changed: each a different source, so a different page.
		await database.db.insert(eventImage).values({
			eventId: ev.id,
			hash: 'abc',
			width: 1200,
			height: 800,
			altFi: 'Kuorma-auto',
			people: 'none'
		});
		const pictured = await findPublicPageSource(database.db, ev.slug);
		expect(pictured?.image).toContain('abc');
		await database.db
			.update(eventImage)
			.set({ altEn: 'A truck' })
			.where(eq(eventImage.eventId, ev.id));
		const described = await findPublicPageSource(database.db, ev.slug);
		expect(described?.image).not.toBe(pictured?.image);
	});
});
