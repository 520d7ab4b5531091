import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { contactPerson, person, personAlias, type Event } from '../db/schema';
import { anonymiseRegistrations } from '../registrations/anonymise';
import { seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { lastTwelveMonths, summariseEvent, summariseMonths } from './index';

const HOUR_MS = 3_600_000;
const at = (iso: string) => new Date(iso);
/** The moment the figures are read: after the March events, before the late April one. */
const NOW = at('2026-04-10T12:00:00Z');

describe.each(DATABASE_KINDS)('statistics on %s', (kind) => {
	let database: Database;
	let march: Event;
	let future: Event;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const { db } = database;
		const keys = await db.insert(person).values([{}, {}, {}, {}, {}, {}, {}, {}]).returning();
		const key = (i: number) => keys[i]!.id;

		march = await makeEvent(db, {
			startsAt: at('2026-03-20T08:00:00Z'),
			endsAt: at('2026-03-20T12:00:00Z')
		});
		const checkedInAt = at('2026-03-20T08:05:00Z');
		const rows = await seedRegistrants(db, march, [
			// 2 March in Finnish time (UTC+2): 09:00 and 23:30.
			{
				firstName: 'A',
				lastName: 'One',
				personId: key(0),
				createdAt: at('2026-03-02T07:00:00Z'),
				checkedInAt
			},
			{ firstName: 'B', lastName: 'Two', personId: key(1), createdAt: at('2026-03-02T21:30:00Z') },
			// 00:30 on 3 March in Finland, still 2 March in UTC.
			{
				firstName: 'C',
				lastName: 'Three',
				personId: key(2),
				createdAt: at('2026-03-02T22:30:00Z')
			},
			{
				firstName: 'D',
				lastName: 'Four',
				personId: key(3),
				createdAt: at('2026-03-05T10:00:00Z'),
				status: 'cancelled'
			},
			{
				firstName: 'E',
				lastName: 'Five',
				personId: key(4),
				createdAt: at('2026-03-05T11:00:00Z'),
				status: 'waitlisted'
			},
			{
				firstName: 'F',
				lastName: 'Six',
				personId: key(5),
				createdAt: at('2026-03-05T12:00:00Z'),
				checkedInAt
			}
		]);
		// A contact made from A's registration (under a key of its own), B's own key a contact, and C
		// linked to a contact through an alias: three registrants became contacts.
		const contact = {
			firstName: 'X',
			lastName: 'Y',
			source: 'registration',
			basis: 'consent'
		} as const;
		await db.insert(contactPerson).values([
			{ ...contact, personId: key(6), fromRegistrationId: rows[0]!.id },
			{ ...contact, personId: key(1) },
			{ ...contact, personId: key(7) }
		]);
		await db.insert(personAlias).values({ personId: key(2), canonicalId: key(7), reason: 'link' });
		// F is anonymised: the row keeps its status, day and check-in.
		await db.transaction((tx) => anonymiseRegistrations(tx, [rows[5]!.id], { now: NOW }));

		// 1 April 01:30 in Finland (summer time), 31 March in UTC: an April event, over by NOW.
		const april = await makeEvent(db, {
			startsAt: at('2026-03-31T22:30:00Z'),
			endsAt: at('2026-04-01T02:00:00Z')
		});
		await seedRegistrants(db, april, [
			{ firstName: 'G', lastName: 'Seven', checkedInAt: at('2026-03-31T22:40:00Z') },
			{ firstName: 'H', lastName: 'Eight' }
		]);
		future = await makeEvent(db, {
			startsAt: at('2026-04-20T08:00:00Z'),
			endsAt: at('2026-04-20T12:00:00Z')
		});
		// B signs up again: a second registration of the same contact counts for its own event.
		await seedRegistrants(db, future, [{ firstName: 'B', lastName: 'Two', personId: key(1) }]);
		// Nobody could sign up to a draft: it is left out of the months.
		const draft = await makeEvent(db, {
			status: 'draft',
			startsAt: at('2026-03-25T08:00:00Z'),
			endsAt: at('2026-03-25T12:00:00Z')
		});
		await seedRegistrants(db, draft, [{ firstName: 'I', lastName: 'Nine' }]);
	});

	afterAll(async () => {
		await database?.close();
	});

	it('counts an event by status, check-in and contacts, anonymised rows included', async () => {
		const stats = await summariseEvent(database.db, march, NOW);
		expect(stats).toMatchObject({
			signups: 6,
			confirmed: 4,
			waitlisted: 1,
			cancelled: 1,
			checkedIn: 2,
			contacts: 3,
			ended: true,
			showUpRate: 0.5
		});
	});

	it('counts sign-ups per Finnish day, with a running total', async () => {
		const stats = await summariseEvent(database.db, march, NOW);
		expect(stats.days).toEqual([
			{ day: '2026-03-02', signups: 2, confirmed: 2, waitlisted: 0, cancelled: 0, total: 2 },
			{ day: '2026-03-03', signups: 1, confirmed: 1, waitlisted: 0, cancelled: 0, total: 3 },
			{ day: '2026-03-05', signups: 3, confirmed: 1, waitlisted: 1, cancelled: 1, total: 6 }
		]);
	});

	it('says "not yet" for the show-up rate of an event that has not ended', async () => {
		const stats = await summariseEvent(database.db, future, NOW);
		expect(stats).toMatchObject({ signups: 1, confirmed: 1, contacts: 1, showUpRate: 'not_yet' });
		const during = await summariseEvent(
			database.db,
			march,
			new Date(march.startsAt.getTime() + HOUR_MS)
		);
		expect(during.showUpRate).toBe('not_yet');
	});

	it('sums the events per Finnish start month, every month listed, drafts left out', async () => {
		const months = await summariseMonths(database.db, { from: '2026-02', to: '2026-04' }, NOW);
		expect(months).toEqual([
			{
				month: '2026-02',
				events: 0,
				signups: 0,
				confirmed: 0,
				waitlisted: 0,
				cancelled: 0,
				checkedIn: 0,
				contacts: 0,
				showUpRate: null
			},
			{
				month: '2026-03',
				events: 1,
				signups: 6,
				confirmed: 4,
				waitlisted: 1,
				cancelled: 1,
				checkedIn: 2,
				contacts: 3,
				showUpRate: 0.5
			},
			// The late April event has not ended: the rate is the early one's alone.
			{
				month: '2026-04',
				events: 2,
				signups: 3,
				confirmed: 3,
				waitlisted: 0,
				cancelled: 0,
				checkedIn: 1,
				contacts: 1,
				showUpRate: 0.5
			}
		]);
	});

	it('reads a month range of one month and the default of twelve', async () => {
		const months = await summariseMonths(database.db, { from: '2026-03', to: '2026-03' }, NOW);
		expect(months.map((m) => [m.month, m.events])).toEqual([['2026-03', 1]]);
		expect(lastTwelveMonths(NOW)).toEqual({ from: '2025-05', to: '2026-04' });
		expect(lastTwelveMonths(at('2026-12-31T22:30:00Z'))).toEqual({
			from: '2026-02',
			to: '2027-01'
		});
	});
	it('reads the last month it takes and refuses a month outside the years 1900–2999', async () => {
		const last = await summariseMonths(database.db, { from: '2999-12', to: '2999-12' }, NOW);
		expect(last.map((m) => [m.month, m.events])).toEqual([['2999-12', 0]]);
		await expect(
			summariseMonths(database.db, { from: '9999-12', to: '9999-12' }, NOW)
		).rejects.toThrow(RangeError);
		await expect(
			summariseMonths(database.db, { from: '0000-01', to: '0000-12' }, NOW)
		).rejects.toThrow(RangeError);
	});
});
