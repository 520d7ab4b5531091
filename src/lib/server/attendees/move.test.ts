import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as users from '../auth/users';
import type { Database } from '../db';
import { emailOutbox, event, eventSeries, registration } from '../db/schema';
import { register } from '../registrations';
import { listMoveTargets } from '../events/series';
import { moveRegistrant } from './move';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const DAY_MS = 86_400_000;

describe.each(DATABASE_KINDS)('moving a registrant to another date on %s', (kind) => {
	let database: Database;
	const actor = { id: '' };
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const staff = await users.create(
			database.db,
			{
				email: `move.${kind}@wetteritrucks.fi`,
				displayName: 'Siirtäjä',
				role: 'staff',
				password: 'pitka-ja-harvinainen-salasana-42'
			},
			{ kind: 'system' }
		);
		if (!staff.ok) throw new Error(staff.reason);
		actor.id = staff.user.id;
	});
	afterAll(async () => {
		await database?.close();
	});

	async function series(capacities: number[]) {
		const [row] = await database.db.insert(eventSeries).values({}).returning();
		return Promise.all(
			capacities.map((capacity, i) =>
				makeEvent(database.db, {
					seriesId: row!.id,
					capacity,
					startsAt: new Date(Date.now() + (7 + i * 7) * DAY_MS),
					endsAt: new Date(Date.now() + (7 + i * 7) * DAY_MS + 3_600_000)
				})
			)
		);
	}
	async function signUp(ev: { id: string }, email?: string) {
		const [row] = await database.db.select().from(event).where(eq(event.id, ev.id));
		const result = await register(database.db, {
			event: row!,
			data: makeSignup(email ? { email } : {}),
			locale: 'sv',
			...context
		});
		if (!result.ok) throw new Error('sign-up refused');
		return result.registrationId;
	}
	const eventRow = async (id: string) =>
		(await database.db.select().from(event).where(eq(event.id, id)))[0]!;
	const reg = async (id: string) =>
		(await database.db.select().from(registration).where(eq(registration.id, id)))[0]!;

	it('moves a seat to a free date, passes the old seat on, and mails the new time', async () => {
		const [a, b] = await series([1, 2]);
		const moving = await signUp(a!);
		const waiting = await signUp(a!);
		const result = await moveRegistrant(database.db, actor, a!.id, moving, b!.id, context);
		expect(result).toEqual({ ok: true, status: 'confirmed', promotedId: waiting });
		expect(await reg(moving)).toMatchObject({ eventId: b!.id, status: 'confirmed' });
		expect(await reg(waiting)).toMatchObject({ eventId: a!.id, status: 'confirmed' });
		expect((await eventRow(a!.id)).confirmedCount).toBe(1);
		expect((await eventRow(b!.id)).confirmedCount).toBe(1);
		const email = (await reg(moving)).email;
		const mails = (await database.db.select().from(emailOutbox)).filter(
			(r) => r.message?.to === email
		);
		const last = mails.sort((x, y) => x.id - y.id).at(-1)!;
		expect(last.template).toBe('registration.confirmed');
		// In Swedish, the language the person signed up in, with the new date's calendar entry.
		expect(last.message!.subject).toContain(b!.titleFi);
		expect(last.message!.attachments[0]!.content).toContain('METHOD:REQUEST');
	});

	it('refuses a confirmed seat onto a full date and another series, changing nothing', async () => {
		const [a, b] = await series([2, 1]);
		const [other] = await series([5]);
		await signUp(b!);
		const moving = await signUp(a!);
		expect(await moveRegistrant(database.db, actor, a!.id, moving, b!.id, context)).toEqual({
			ok: false,
			reason: 'full'
		});
		expect(await moveRegistrant(database.db, actor, a!.id, moving, other!.id, context)).toEqual({
			ok: false,
			reason: 'not_in_series'
		});
		expect(await reg(moving)).toMatchObject({ eventId: a!.id, status: 'confirmed' });
		expect((await eventRow(b!.id)).confirmedCount).toBe(1);
	});

	it('offers and takes only published dates, and finds nothing for an id that is no id', async () => {
		const [a, b, c] = await series([2, 2, 2]);
		await database.db.update(event).set({ status: 'draft' }).where(eq(event.id, b!.id));
		expect((await listMoveTargets(database.db, await eventRow(a!.id))).map((e) => e.id)).toEqual([
			c!.id
		]);
		const moving = await signUp(a!);
		expect(await moveRegistrant(database.db, actor, a!.id, moving, b!.id, context)).toEqual({
			ok: false,
			reason: 'closed'
		});
		expect(await reg(moving)).toMatchObject({ eventId: a!.id, status: 'confirmed' });
		for (const [from, id, to] of [
			[a!.id, 'not-an-id', c!.id],
			[a!.id, moving, 'not-an-id'],
			['not-an-id', moving, c!.id]
		]) {
			expect(await moveRegistrant(database.db, actor, from!, id!, to!, context)).toEqual({
				ok: false,
				reason: 'not_found'
			});
		}
	});

	it('never overbooks under concurrent moves, and crossing moves do not deadlock', async () => {
		const [a, b] = await series([6, 2]);
		const movers = await Promise.all([1, 2, 3, 4].map(() => signUp(a!)));
		const back = await signUp(b!);
		const results = await Promise.all([
			...movers.map((id) => moveRegistrant(database.db, actor, a!.id, id, b!.id, context)),
			moveRegistrant(database.db, actor, b!.id, back, a!.id, context)
		]);
		const target = await eventRow(b!.id);
		expect(target.confirmedCount).toBeLessThanOrEqual(target.capacity);
		const confirmedAtB = (
			await database.db.select().from(registration).where(eq(registration.eventId, b!.id))
		).filter((r) => r.status === 'confirmed');
		expect(confirmedAtB).toHaveLength(target.confirmedCount);
		expect(results.at(-1)).toMatchObject({ ok: true });
		expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(2);
	});
});
