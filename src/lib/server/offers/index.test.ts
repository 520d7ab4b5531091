import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { emailOutbox, event, registration, type Event } from '../db/schema';
import { cancelRegistrant, countAttendees, listAttendees, promote } from '../attendees';
import { cancelOwn, openManage } from '../registrations';
import { MIN_OFFER_MS, promoteWaiting } from '../registrations/places';
import { JOBS } from '../jobs';
import { acceptOffer, declineOffer, expireOffers } from './index';
import { cancelEvent, publish, unpublish, updateEvent } from '../events/manage';
import { anonymiseRegistrations } from '../registrations/anonymise';
import { makeStaff, seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { openRegistrationScene } from '$tests/registration-fixtures';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const HOUR_MS = 3_600_000;

/**
 * The seat count's rule in the offer mode: confirmed_count is the confirmed rows plus the seats held
 * for offers, never over the capacity. Checked after every scenario.
 */
export async function expectExactSeats(db: Db, eventId: string) {
	const [row] = await db
		.select({
			counted: event.confirmedCount,
			capacity: event.capacity,
			confirmed: sql<number>`(SELECT count(*)::int FROM registration r WHERE r.event_id = "event"."id" AND r.status = 'confirmed')`,
			held: sql<number>`(SELECT count(*)::int FROM registration r WHERE r.event_id = "event"."id" AND r.status = 'waitlisted' AND r.offer_expires_at IS NOT NULL)`
		})
		.from(event)
		.where(eq(event.id, eventId));
	expect(row!.counted).toBe(row!.confirmed + row!.held);
	expect(row!.counted).toBeLessThanOrEqual(row!.capacity);
	return row!;
}

function offerScene(kind: (typeof DATABASE_KINDS)[number], maxConnections?: number) {
	const scene = openRegistrationScene(kind, { maxConnections });
	const mails = async (email: string) =>
		(await scene.db.select().from(emailOutbox))
			.filter((r) => r.message?.to === email)
			.sort((a, b) => a.id - b.id);
	/** The manage view from the newest mail to the address. */
	const viewOf = async (email: string) => {
		const text = (await mails(email)).at(-1)!.message!.text;
		return (await openManage(scene.db, /\/manage\/([a-z0-9]+)/.exec(text)![1]!))!;
	};
	const rowOf = async (email: string) => {
		const [row] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.emailNormalised, email));
		return row!;
	};
	/** An offer-mode event, full with `seated`, and `waiting` on its waiting list, in that order. */
	const fullEvent = async (
		seated: string[],
		waiting: string[],
		overrides: Partial<Event> = {}
	): Promise<Event> => {
		const ev = await makeEvent(scene.db, {
			waitlistMode: 'offer',
			capacity: seated.length,
			...overrides
		});
		for (const email of [...seated, ...waiting]) {
			const result = await scene.signUp(ev, { data: { email } });
			if (!result.ok) throw new Error(result.reason);
		}
		return ev;
	};
	/** A seated person cancels on their manage page, so their seat is offered on. */
	const cancel = async (email: string, now?: Date) => {
		const view = await viewOf(email);
		return cancelOwn(scene.db, view, (await rowOf(email)).id, context, now);
	};
	return { scene, mails, viewOf, rowOf, fullEvent, cancel };
}

describe.each(DATABASE_KINDS)('waiting-list offers on %s', (kind) => {
	const { scene, mails, viewOf, rowOf, fullEvent, cancel } = offerScene(kind);

	it('offers a freed seat to the first waiting, holds it, and confirms it when accepted', async () => {
		const ev = await fullEvent(
			['o1.seat@example.fi'],
			['o1.first@example.fi', 'o1.next@example.fi']
		);
		const before = Date.now();
		const cancelled = await cancel('o1.seat@example.fi');
		const first = await rowOf('o1.first@example.fi');
		expect(cancelled).toEqual({ ok: true, promotedId: null, offeredId: first.id });
		expect(first.status).toBe('waitlisted');
		// 24 hours by default.
		expect(first.offerExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
		expect((await rowOf('o1.next@example.fi')).offerExpiresAt).toBeNull();
		await expectExactSeats(scene.db, ev.id);
		// Staff see the pending offer, its deadline, and the held seat inside the confirmed figure.
		expect(await countAttendees(scene.db, ev.id)).toMatchObject({ confirmed: 1, offers: 1 });
		const staff = await makeStaff(scene.db);
		const listed = await listAttendees(scene.db, staff, ev.id, {
			status: 'waitlisted',
			sort: 'status'
		});
		expect(listed.rows.map((r) => r.offerExpiresAt)).toEqual([first.offerExpiresAt, null]);

		const offered = (await mails('o1.first@example.fi')).at(-1)!;
		expect(offered.template).toBe('registration.offered');
		expect(offered.message!.text).toMatch(/\/manage\/[a-z0-9]+/);
		expect(offered.message!.attachments ?? []).toEqual([]);

		// The held seat is not for sale: a new sign-up waits.
		const late = await scene.signUp(ev, { data: { email: 'o1.late@example.fi' } });
		expect(late.ok && late.status).toBe('waitlisted');

		const view = await viewOf('o1.first@example.fi');
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual({ ok: true });
		expect(await rowOf('o1.first@example.fi')).toMatchObject({
			status: 'confirmed',
			offerExpiresAt: null,
			waitlistPosition: null
		});
		const confirmed = (await mails('o1.first@example.fi')).at(-1)!;
		expect(confirmed.template).toBe('registration.confirmed');
		expect(confirmed.message!.attachments?.[0]?.filename).toBe('event.ics');
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual({
			ok: false,
			reason: 'not_offered'
		});
		expect((await expectExactSeats(scene.db, ev.id)).confirmed).toBe(1);
	});

	it('names the deadline in the mail, never past the start, and makes no offer too short to answer', async () => {
		const soon = new Date(Date.now() + 3 * HOUR_MS);
		const ev = await fullEvent(
			['o2.seat@example.fi', 'o2.seat2@example.fi'],
			['o2.wait@example.fi'],
			{
				startsAt: soon,
				endsAt: new Date(soon.getTime() + HOUR_MS)
			}
		);
		await cancel('o2.seat@example.fi');
		const waiting = await rowOf('o2.wait@example.fi');
		expect(waiting.offerExpiresAt).toEqual(soon);
		const text = (await mails('o2.wait@example.fi')).at(-1)!.message!.text;
		const deadline = new Intl.DateTimeFormat('fi-FI', {
			timeZone: 'Europe/Helsinki',
			timeStyle: 'short'
		}).format(soon);
		expect(text).toContain(deadline);

		// Minutes before the start the seat goes back to the pool instead.
		const [before] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		await cancel('o2.seat2@example.fi', new Date(soon.getTime() - MIN_OFFER_MS + 60_000));
		const [after] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		expect(after!.confirmedCount).toBe(before!.confirmedCount - 1);
		await expectExactSeats(scene.db, ev.id);
	});

	it('passes a declined seat on to the next person, and back to the pool when no one waits', async () => {
		const ev = await fullEvent(
			['o3.seat@example.fi'],
			['o3.first@example.fi', 'o3.next@example.fi']
		);
		await cancel('o3.seat@example.fi');
		const first = await rowOf('o3.first@example.fi');
		const view = await viewOf('o3.first@example.fi');
		expect(await declineOffer(scene.db, view, first.id, context)).toEqual({ ok: true });
		expect((await rowOf('o3.first@example.fi')).status).toBe('cancelled');
		expect((await mails('o3.first@example.fi')).at(-1)!.template).toBe('registration.cancelled');
		expect((await rowOf('o3.next@example.fi')).offerExpiresAt).not.toBeNull();
		expect((await mails('o3.next@example.fi')).at(-1)!.template).toBe('registration.offered');
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual({
			ok: false,
			reason: 'expired'
		});
		await expectExactSeats(scene.db, ev.id);

		const next = await rowOf('o3.next@example.fi');
		await declineOffer(scene.db, await viewOf('o3.next@example.fi'), next.id, context);
		expect((await expectExactSeats(scene.db, ev.id)).counted).toBe(0);
	});

	it('lets a lapsed offer expire: the person leaves the list, told, and the seat passes on', async () => {
		const ev = await fullEvent(
			['o4.seat@example.fi'],
			['o4.first@example.fi', 'o4.next@example.fi']
		);
		await cancel('o4.seat@example.fi');
		const first = await rowOf('o4.first@example.fi');
		const view = await viewOf('o4.first@example.fi');
		const late = new Date(first.offerExpiresAt!.getTime() + 1);
		// Answered after the deadline but before the job ran: refused all the same.
		expect(await acceptOffer(scene.db, view, first.id, context, late)).toEqual({
			ok: false,
			reason: 'expired'
		});
		// The job is global (other tests' offers lapse too), so this one's rows tell what it did.
		await expireOffers(scene.db, { now: new Date(first.offerExpiresAt!.getTime() - 1), context });
		expect((await rowOf('o4.first@example.fi')).status).toBe('waitlisted');
		const counts = await expireOffers(scene.db, { now: late, context });
		expect(counts.expired).toBeGreaterThanOrEqual(1);
		expect(counts.offered).toBeGreaterThanOrEqual(1);
		expect((await rowOf('o4.first@example.fi')).status).toBe('cancelled');
		expect((await mails('o4.first@example.fi')).at(-1)!.template).toBe(
			'registration.offer_expired'
		);
		const next = await rowOf('o4.next@example.fi');
		expect(next.offerExpiresAt!.getTime()).toBeGreaterThan(late.getTime());
		await expectExactSeats(scene.db, ev.id);
		// The scheduled job (every minute, and `jobs:run`) is this same call.
		const job = JOBS.find((j) => j.name === 'offers')!;
		expect(await job.run(scene.db, { trigger: 'cli', now: late, context })).toMatch(
			/^expired \d+, offered \d+, promoted \d+, returned \d+$/
		);
		// Run again: nothing more to do.
		await expireOffers(scene.db, { now: late, context });
		expect((await rowOf('o4.next@example.fi')).offerExpiresAt).toEqual(next.offerExpiresAt);
	});

	it('lets staff confirm an offered person, and never promote past the seats held', async () => {
		const staff = await makeStaff(scene.db);
		const ev = await fullEvent(
			['o5.seat@example.fi'],
			['o5.first@example.fi', 'o5.next@example.fi']
		);
		await cancel('o5.seat@example.fi');
		const next = await rowOf('o5.next@example.fi');
		expect(await promote(scene.db, staff, ev.id, next.id, context)).toEqual({
			ok: false,
			reason: 'full'
		});
		const first = await rowOf('o5.first@example.fi');
		expect(await promote(scene.db, staff, ev.id, first.id, context)).toEqual({ ok: true });
		expect((await rowOf('o5.first@example.fi')).offerExpiresAt).toBeNull();
		expect((await expectExactSeats(scene.db, ev.id)).confirmed).toBe(1);

		// Staff cancelling the seat offers it to the next in line.
		const cancelled = await cancelRegistrant(scene.db, staff, ev.id, first.id, context);
		expect(cancelled).toEqual({ ok: true, promotedId: null, offeredId: next.id });
		await expectExactSeats(scene.db, ev.id);
	});

	it('offers seats added to a full event, and confirms outright in the automatic mode', async () => {
		const ev = await fullEvent(['o6.seat@example.fi'], ['o6.a@example.fi', 'o6.b@example.fi']);
		await scene.db.update(event).set({ capacity: 3 }).where(eq(event.id, ev.id));
		const passed = await scene.db.transaction((tx) => promoteWaiting(tx, ev.id, new Date()));
		expect(passed.map((p) => p.kind)).toEqual(['offered', 'offered']);
		await expectExactSeats(scene.db, ev.id);

		const auto = await fullEvent(['o6.auto@example.fi'], ['o6.autowait@example.fi'], {
			waitlistMode: 'automatic'
		});
		expect(await cancel('o6.auto@example.fi')).toEqual({
			ok: true,
			promotedId: (await rowOf('o6.autowait@example.fi')).id
		});
		expect((await rowOf('o6.autowait@example.fi')).status).toBe('confirmed');
		await expectExactSeats(scene.db, auto.id);
	});
});

/** Races on a real server: several connections, each answer in its own transaction. */
describe('waiting-list offers under concurrency on postgres', () => {
	const { scene, viewOf, rowOf, fullEvent, cancel } = offerScene('postgres', 20);

	it('settles an offer once when it is accepted and expires at the same moment', async () => {
		for (let round = 0; round < 5; round++) {
			const p = `c1.${round}`;
			const ev = await fullEvent(
				[`${p}.seat@example.fi`],
				[`${p}.first@example.fi`, `${p}.next@example.fi`]
			);
			await cancel(`${p}.seat@example.fi`);
			const first = await rowOf(`${p}.first@example.fi`);
			const view = await viewOf(`${p}.first@example.fi`);
			const deadline = first.offerExpiresAt!.getTime();
			const [accepted, expired] = await Promise.all([
				acceptOffer(scene.db, view, first.id, context, new Date(deadline - 1)),
				expireOffers(scene.db, { now: new Date(deadline + 1), context })
			]);
			// Whichever took the event lock first decided; the other saw its outcome.
			expect(expired.expired).toBeGreaterThanOrEqual(accepted.ok ? 0 : 1);
			expect((await rowOf(`${p}.first@example.fi`)).status).toBe(
				accepted.ok ? 'confirmed' : 'cancelled'
			);
			const seats = await expectExactSeats(scene.db, ev.id);
			expect(seats.confirmed + seats.held).toBe(1);
		}
	});

	it('lets only the offered person take a freed seat, even when two try at once', async () => {
		const ev = await fullEvent(['c2.seat@example.fi'], ['c2.a@example.fi', 'c2.b@example.fi']);
		await cancel('c2.seat@example.fi');
		const [a, b] = [await rowOf('c2.a@example.fi'), await rowOf('c2.b@example.fi')];
		const results = await Promise.all([
			acceptOffer(scene.db, await viewOf('c2.a@example.fi'), a.id, context),
			acceptOffer(scene.db, await viewOf('c2.b@example.fi'), b.id, context)
		]);
		expect(results).toEqual([{ ok: true }, { ok: false, reason: 'not_offered' }]);
		expect((await expectExactSeats(scene.db, ev.id)).confirmed).toBe(1);
	});

	it('passes a seat on once when an offer is declined as it expires', async () => {
		for (let round = 0; round < 5; round++) {
			const p = `c3.${round}`;
			const ev = await fullEvent(
				[`${p}.seat@example.fi`],
				[`${p}.first@example.fi`, `${p}.next@example.fi`, `${p}.last@example.fi`]
			);
			await cancel(`${p}.seat@example.fi`);
			const first = await rowOf(`${p}.first@example.fi`);
			const deadline = first.offerExpiresAt!.getTime();
			await Promise.all([
				declineOffer(
					scene.db,
					await viewOf(`${p}.first@example.fi`),
					first.id,
					context,
					new Date(deadline - 1)
				),
				expireOffers(scene.db, { now: new Date(deadline + 1), context })
			]);
			expect((await rowOf(`${p}.first@example.fi`)).status).toBe('cancelled');
			// One seat, one new offer: to the next in line, not also to the last.
			expect((await rowOf(`${p}.next@example.fi`)).offerExpiresAt).not.toBeNull();
			expect((await rowOf(`${p}.last@example.fi`)).offerExpiresAt).toBeNull();
			const seats = await expectExactSeats(scene.db, ev.id);
			expect(seats.held).toBe(1);
		}
	});

	it('never sells a held seat in a sign-up rush', async () => {
		const seated = Array.from({ length: 4 }, (_, i) => `c4.seat${i}@example.fi`);
		const waiting = ['c4.w1@example.fi', 'c4.w2@example.fi'];
		const ev = await fullEvent(seated, waiting);
		await Promise.all([cancel(seated[0]!), cancel(seated[1]!)]);
		const rush = await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				scene.signUp(ev, { data: { email: `c4.rush${i}@example.fi` } })
			)
		);
		expect(rush.every((r) => r.ok && r.status === 'waitlisted')).toBe(true);
		const seats = await expectExactSeats(scene.db, ev.id);
		expect(seats).toMatchObject({ counted: 4, confirmed: 2, held: 2 });
		const held = await scene.db
			.select({ email: registration.emailNormalised })
			.from(registration)
			.where(and(eq(registration.eventId, ev.id), sql`${registration.offerExpiresAt} IS NOT NULL`));
		expect(held.map((r) => r.email).sort()).toEqual(waiting);
	});
});

/** Offers end with the event's chance to happen, and reach only people who can hear of them. */
describe.each(DATABASE_KINDS)('offers and the event around them on %s', (kind) => {
	const { scene, mails, viewOf, rowOf, fullEvent, cancel } = offerScene(kind);
	const actorOf = async () => ({ kind: 'staff' as const, id: (await makeStaff(scene.db)).id });

	it('hands the held seat back when the event is cancelled, and refuses answering then', async () => {
		const ev = await fullEvent(['r1.seat@example.fi'], ['r1.first@example.fi']);
		await cancel('r1.seat@example.fi');
		const first = await rowOf('r1.first@example.fi');
		const view = await viewOf('r1.first@example.fi');
		expect(await cancelEvent(scene.db, ev.id, await actorOf(), context)).toMatchObject({
			ok: true
		});
		expect(await rowOf('r1.first@example.fi')).toMatchObject({
			status: 'waitlisted',
			offerExpiresAt: null
		});
		expect(await expectExactSeats(scene.db, ev.id)).toMatchObject({ counted: 0, held: 0 });
		const closed = { ok: false, reason: 'closed' };
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual(closed);
		expect(await declineOffer(scene.db, view, first.id, context)).toEqual(closed);
		expect((await rowOf('r1.first@example.fi')).status).toBe('waitlisted');
	});

	it('tells nobody an offer of a cancelled event expired', async () => {
		// An offer left on an event cancelled before cancelling handed held seats back.
		const ev = await fullEvent(['r2.seat@example.fi'], ['r2.first@example.fi']);
		await cancel('r2.seat@example.fi');
		const first = await rowOf('r2.first@example.fi');
		await scene.db.update(event).set({ status: 'cancelled' }).where(eq(event.id, ev.id));
		await expireOffers(scene.db, {
			now: new Date(first.offerExpiresAt!.getTime() + 1),
			context
		});
		expect((await mails('r2.first@example.fi')).map((r) => r.template)).not.toContain(
			'registration.offer_expired'
		);
		expect(await rowOf('r2.first@example.fi')).toMatchObject({
			status: 'waitlisted',
			offerExpiresAt: null
		});
		expect(await expectExactSeats(scene.db, ev.id)).toMatchObject({ counted: 0, held: 0 });
	});

	it('refuses answering while the event is unpublished, and takes the answer once it is back', async () => {
		const ev = await fullEvent(['r3.seat@example.fi'], ['r3.first@example.fi']);
		await cancel('r3.seat@example.fi');
		const first = await rowOf('r3.first@example.fi');
		const view = await viewOf('r3.first@example.fi');
		const actor = await actorOf();
		await unpublish(scene.db, ev.id, actor);
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual({
			ok: false,
			reason: 'closed'
		});
		await publish(scene.db, ev.id, actor, context);
		expect(await acceptOffer(scene.db, view, first.id, context)).toEqual({ ok: true });
		await expectExactSeats(scene.db, ev.id);
	});

	it('shortens an offer to the new start when the event moves earlier, never lengthens it', async () => {
		const startsAt = new Date(Date.now() + 72 * HOUR_MS);
		const ev = await fullEvent(['r4.seat@example.fi'], ['r4.first@example.fi'], {
			startsAt,
			endsAt: new Date(startsAt.getTime() + HOUR_MS)
		});
		await cancel('r4.seat@example.fi');
		const offered = (await rowOf('r4.first@example.fi')).offerExpiresAt!;
		const actor = await actorOf();
		const [current] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		const earlier = new Date(Date.now() + 10 * HOUR_MS);
		const moved = { startsAt: earlier, endsAt: new Date(earlier.getTime() + HOUR_MS) };
		expect(
			await updateEvent(scene.db, ev.id, { ...current!, ...moved }, actor, context)
		).toMatchObject({ ok: true });
		expect((await rowOf('r4.first@example.fi')).offerExpiresAt).toEqual(earlier);
		expect(offered.getTime()).toBeGreaterThan(earlier.getTime());
		const later = { startsAt, endsAt: new Date(startsAt.getTime() + HOUR_MS) };
		await updateEvent(scene.db, ev.id, { ...current!, ...later }, actor, context);
		expect((await rowOf('r4.first@example.fi')).offerExpiresAt).toEqual(earlier);
	});

	it('offers the seat of an erased offer holder to the next in line', async () => {
		const ev = await fullEvent(
			['r5.seat@example.fi'],
			['r5.first@example.fi', 'r5.next@example.fi']
		);
		await cancel('r5.seat@example.fi');
		const first = await rowOf('r5.first@example.fi');
		await scene.db.transaction((tx) => anonymiseRegistrations(tx, [first.id], { now: new Date() }));
		const next = await rowOf('r5.next@example.fi');
		expect(next.offerExpiresAt).not.toBeNull();
		expect((await mails('r5.next@example.fi')).at(-1)!.template).toBe('registration.offered');
		expect(await expectExactSeats(scene.db, ev.id)).toMatchObject({ counted: 1, held: 1 });
	});

	it('offers a seat past a walk-in without an email, who stays waiting for staff', async () => {
		const ev = await makeEvent(scene.db, { waitlistMode: 'offer', capacity: 1 });
		await scene.signUp(ev, { data: { email: 'r6.seat@example.fi' } });
		const [walkIn] = await seedRegistrants(scene.db, ev, [
			{ firstName: 'Kävijä', lastName: 'Ovelta', email: null, status: 'waitlisted' }
		]);
		await scene.signUp(ev, { data: { email: 'r6.wait@example.fi' } });
		const cancelled = await cancel('r6.seat@example.fi');
		const wait = await rowOf('r6.wait@example.fi');
		expect(cancelled).toEqual({ ok: true, promotedId: null, offeredId: wait.id });
		const [still] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, walkIn!.id));
		expect(still).toMatchObject({ status: 'waitlisted', offerExpiresAt: null });
		await expectExactSeats(scene.db, ev.id);
	});
});
