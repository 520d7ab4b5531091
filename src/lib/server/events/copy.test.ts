import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, getTableColumns } from 'drizzle-orm';
import { formatLocalEventTime } from '../../datetime';
import type { Database } from '../db';
import {
	auditEvent,
	event,
	eventReminder,
	registration,
	type Event,
	type EventReminder
} from '../db/schema';
import { register } from '../registrations';
import { copyEvent, NOT_COPIED } from './copy';
import { createSeries, listSeriesEvents, MAX_SERIES_DATES, planDays } from './series';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const actor = { kind: 'system' } as const;

describe('planDays', () => {
	it('steps by days or weeks from the first date, across a change of clocks', () => {
		expect(
			planDays({ kind: 'interval', from: '2027-03-16', every: 2, unit: 'weeks', count: 3 })
		).toEqual(['2027-03-16', '2027-03-30', '2027-04-13']);
		expect(
			planDays({ kind: 'interval', from: '2027-02-27', every: 1, unit: 'days', count: 3 })
		).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
		expect(planDays({ kind: 'dates', dates: ['2027-02-30', '2027-02-28'] })).toEqual([
			null,
			'2027-02-28'
		]);
	});
});

describe.each(DATABASE_KINDS)('copying and repeating events on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	/** An event whose every setting differs from the defaults, so a forgotten column shows. */
	async function richEvent(overrides: Partial<Event> = {}) {
		// On the minute, as the form gives it: series dates keep the clock time to the minute.
		const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 20 * DAY_MS);
		const ev = await makeEvent(database.db, {
			titleSv: 'Förarutbildning',
			descriptionSv: 'Beskrivning',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 3 * HOUR_MS),
			registrationOpensAt: new Date(startsAt.getTime() - 21 * DAY_MS),
			registrationClosesAt: new Date(startsAt.getTime() - DAY_MS),
			capacity: 2,
			phonePolicy: 'required',
			addressPolicy: 'optional',
			retentionDays: 30,
			contactName: 'Kaisa Kouluttaja',
			contactEmail: 'kaisa@wetteri.fi',
			contactPhone: '+358401234567',
			waitlistMode: 'offer',
			offerHours: 12,
			...overrides
		});
		await database.db.insert(eventReminder).values([
			{ eventId: ev.id, hours: 168, enabled: false, bodyFi: 'Viikko jäljellä' },
			{
				eventId: ev.id,
				kind: 'after_end',
				hours: 2,
				subjectFi: 'Kiitos',
				subjectSv: 'Tack',
				bodyFi: 'Materiaalit',
				sentAt: new Date(),
				queuedCount: 3
			}
		]);
		return ev;
	}

	const reminders = (eventId: string) =>
		database.db
			.select()
			.from(eventReminder)
			.where(eq(eventReminder.eventId, eventId))
			.orderBy(eventReminder.hours);

	it('copies every setting and reminder to a draft at new times, without registrations', async () => {
		const source = await richEvent();
		const signed = await register(database.db, {
			event: source,
			data: makeSignup({ phone: '0401234567' }),
			locale: 'fi',
			...context
		});
		expect(signed.ok).toBe(true);
		const startsAt = new Date(source.startsAt.getTime() + 35 * DAY_MS);
		const endsAt = new Date(startsAt.getTime() + 2 * HOUR_MS);
		const result = await copyEvent(database.db, source.id, { startsAt, endsAt }, actor);
		if (!result.ok) throw new Error(result.reason);
		const copy = result.event;
		const [before] = await database.db.select().from(event).where(eq(event.id, source.id));

		// Every column not named as left behind is equal: a new column is copied or named.
		for (const key of Object.keys(getTableColumns(event)) as (keyof Event)[]) {
			if ((NOT_COPIED as readonly string[]).includes(key)) continue;
			expect(copy[key], key).toEqual(before![key]);
		}
		expect(copy.slug).not.toBe(source.slug);
		expect(copy).toMatchObject({
			status: 'draft',
			confirmedCount: 0,
			waitlistSeq: 0,
			seriesId: null,
			startsAt,
			endsAt,
			// The window moved with the start; the close is kept within the shorter copy.
			registrationOpensAt: new Date(startsAt.getTime() - 21 * DAY_MS),
			registrationClosesAt: new Date(startsAt.getTime() - DAY_MS)
		});
		const regs = await database.db
			.select()
			.from(registration)
			.where(eq(registration.eventId, copy.id));
		expect(regs).toHaveLength(0);

		const copied = await reminders(copy.id);
		const original = await reminders(source.id);
		expect(copied).toHaveLength(original.length);
		const bookkeeping = ['id', 'eventId', 'sentAt', 'queuedCount', 'createdAt', 'updatedAt'];
		const settings = Object.keys(getTableColumns(eventReminder)).filter(
			(key) => !bookkeeping.includes(key)
		) as (keyof EventReminder)[];
		copied.forEach((r, i) => {
			for (const key of settings) expect(r[key], key).toEqual(original[i]![key]);
			expect(r).toMatchObject({ eventId: copy.id, sentAt: null, queuedCount: 0 });
		});

		const [trail] = await database.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.subjectId, copy.id));
		expect(trail).toMatchObject({ action: 'event.copied', details: { from: source.id } });
	});

	it('refuses times in the past or an end before the start', async () => {
		const source = await richEvent();
		const past = new Date(Date.now() - DAY_MS);
		expect(
			await copyEvent(database.db, source.id, { startsAt: past, endsAt: new Date() }, actor)
		).toEqual({ ok: false, reason: 'inPast' });
		const later = new Date(Date.now() + 5 * DAY_MS);
		expect(
			await copyEvent(database.db, source.id, { startsAt: later, endsAt: later }, actor)
		).toEqual({ ok: false, reason: 'endsBeforeStart' });
	});

	it('makes a series of dates at the template time, the template joining it', async () => {
		const template = await richEvent();
		const day = (offset: number) =>
			formatLocalEventTime(new Date(template.startsAt.getTime() + offset * DAY_MS)).slice(0, 10);
		const result = await createSeries(
			database.db,
			template.id,
			{ kind: 'dates', dates: [day(14), day(7)] },
			{ publish: true },
			actor
		);
		if (!result.ok) throw new Error(result.reason);
		const all = await listSeriesEvents(database.db, result.seriesId);
		expect(all.map((e) => e.id)).toEqual([template.id, ...result.events.map((e) => e.id)]);
		expect(all.map((e) => e.startsAt.getTime() - template.startsAt.getTime())).toEqual([
			0,
			7 * DAY_MS,
			14 * DAY_MS
		]);
		for (const e of result.events) {
			expect(e).toMatchObject({ status: 'published', capacity: 2, titleFi: template.titleFi });
			expect(e.endsAt.getTime() - e.startsAt.getTime()).toBe(3 * HOUR_MS);
		}

		// More dates join the same series; a draft template's dates stay drafts.
		const more = await createSeries(
			database.db,
			template.id,
			{ kind: 'interval', from: day(21), every: 1, unit: 'weeks', count: 1 },
			{ publish: false },
			actor
		);
		if (!more.ok) throw new Error(more.reason);
		expect(more.seriesId).toBe(result.seriesId);
		expect(more.events[0]!.status).toBe('draft');
	});

	it('refuses a day already in the series, even from two submits at once', async () => {
		const template = await richEvent();
		const day = (offset: number) =>
			formatLocalEventTime(new Date(template.startsAt.getTime() + offset * DAY_MS)).slice(0, 10);
		const plan = (offset: number) => ({ kind: 'dates' as const, dates: [day(offset)] });
		const first = await createSeries(database.db, template.id, plan(7), { publish: false }, actor);
		if (!first.ok) throw new Error(first.reason);
		expect(
			await createSeries(database.db, template.id, plan(7), { publish: false }, actor)
		).toMatchObject({ ok: false, reason: 'duplicate', date: day(7) });
		// From another date of the same series too: the series' days, not the template's.
		expect(
			await createSeries(database.db, first.events[0]!.id, plan(0), { publish: false }, actor)
		).toMatchObject({ ok: false, reason: 'duplicate', date: day(0) });
		const twice = await Promise.all(
			[0, 1].map(() => createSeries(database.db, template.id, plan(14), { publish: false }, actor))
		);
		expect(twice.filter((r) => r.ok)).toHaveLength(1);
		expect(twice.find((r) => !r.ok)).toMatchObject({ reason: 'duplicate', date: day(14) });
		const days = (await listSeriesEvents(database.db, first.seriesId)).map((e) =>
			formatLocalEventTime(e.startsAt).slice(0, 10)
		);
		expect(days).toEqual([day(0), day(7), day(14)]);
	});

	it('refuses past, repeated, impossible and too many dates, creating nothing', async () => {
		const template = await richEvent();
		const refuse = (plan: Parameters<typeof createSeries>[2]) =>
			createSeries(database.db, template.id, plan, { publish: false }, actor);
		const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
		const soon = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
		expect(await refuse({ kind: 'dates', dates: [soon, yesterday] })).toMatchObject({
			ok: false,
			reason: 'inPast',
			date: yesterday
		});
		expect(await refuse({ kind: 'dates', dates: [soon, soon] })).toMatchObject({
			reason: 'duplicate'
		});
		expect(await refuse({ kind: 'dates', dates: ['2027-02-30'] })).toMatchObject({
			reason: 'dateInvalid'
		});
		expect(
			await refuse({
				kind: 'interval',
				from: soon,
				every: 1,
				unit: 'days',
				count: MAX_SERIES_DATES + 1
			})
		).toMatchObject({ reason: 'tooMany' });
		const [after] = await database.db.select().from(event).where(eq(event.id, template.id));
		expect(after!.seriesId).toBeNull();
	});
});
