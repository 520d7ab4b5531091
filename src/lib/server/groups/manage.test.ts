import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as users from '../auth/users';
import { moveRegistrant } from '../attendees/move';
import { updateEvent } from '../events/manage';
import { runRetention } from '../retention/run';
import {
	emailOutbox,
	event as eventTable,
	eventSeries,
	registration,
	registrationGroup,
	registrationGroupMember
} from '../db/schema';
import { bookedByOf } from './booked-by';
import { cancelAll, cancelMember, findGroupByToken } from './manage';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeGroup } from '$tests/groups';
import { openRegistrationScene } from '$tests/registration-fixtures';

const context = { origin: ORIGIN, organizer: ORGANIZER };

describe.each(DATABASE_KINDS)('the booker’s group page on %s', (kind) => {
	const scene = openRegistrationScene(kind);
	const statusOf = async (id: string) =>
		(await scene.db.select().from(registration).where(eq(registration.id, id)))[0]!.status;
	const mailsTo = async (email: string) =>
		(await scene.db.select().from(emailOutbox)).filter((r) => r.message?.to === email);

	it('opens the group as entered, and nothing for a wrong token or another purpose', async () => {
		const ev = await makeEvent(scene.db);
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: 'kalle.g@example.fi' },
			attendees: [
				{ firstName: 'Aino', lastName: 'A', email: 'aino.g@example.fi' },
				{ firstName: 'Bertta', lastName: 'B' }
			]
		});
		// The attendee corrects her own name: the booker still sees what they typed.
		await scene.db
			.update(registration)
			.set({ firstName: 'Aino-Maria' })
			.where(eq(registration.id, made.members[0]!.registrationId!));
		const view = await findGroupByToken(scene.db, made.token);
		expect(view?.event.id).toBe(ev.id);
		expect(view?.members.map((m) => [m.firstName, m.status])).toEqual([
			['Aino', 'confirmed'],
			['Bertta', 'confirmed']
		]);
		expect(await findGroupByToken(scene.db, 'a'.repeat(32))).toBeNull();
		expect(await findGroupByToken(scene.db, '')).toBeNull();
	});

	it('cancels one attendee: the seat passes on, the attendee is told, the others stay', async () => {
		const ev = await makeEvent(scene.db, { capacity: 2 });
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: 'kalle.one@example.fi' },
			attendees: [
				{ firstName: 'Aino', lastName: 'A', email: 'aino.one@example.fi' },
				{ firstName: 'Bertta', lastName: 'B', email: 'bertta.one@example.fi' }
			]
		});
		const waiting = await scene.signUp(ev, { data: { email: 'waiting.one@example.fi' } });
		if (!waiting.ok) throw new Error('refused');
		expect(waiting.status).toBe('waitlisted');

		const view = (await findGroupByToken(scene.db, made.token))!;
		const result = await cancelMember(scene.db, view, made.members[0]!.id, context);
		expect(result).toEqual({ ok: true, cancelled: 1 });
		expect(await statusOf(made.members[0]!.registrationId!)).toBe('cancelled');
		expect(await statusOf(made.members[1]!.registrationId!)).toBe('confirmed');
		expect(await statusOf(waiting.registrationId)).toBe('confirmed');
		const told = await mailsTo('aino.one@example.fi');
		expect(told.at(-1)?.template).toBe('registration.cancelled_by_booker');
		expect(told.at(-1)?.message?.text).toContain('ryhmänä ilmoittanut');

		const after = (await findGroupByToken(scene.db, made.token))!;
		expect(after.members.map((m) => m.status)).toEqual(['cancelled', 'confirmed']);
		// Twice is once: the stale view's second try changes nothing.
		expect(await cancelMember(scene.db, view, made.members[0]!.id, context)).toEqual({ ok: false });
		expect(await cancelMember(scene.db, after, made.members[0]!.id, context)).toEqual({
			ok: false
		});
	});

	it('marks a member without a registration of its own, touching nobody’s registration', async () => {
		const ev = await makeEvent(scene.db);
		const first = await scene.signUp(ev, { data: { email: 'already.there@example.fi' } });
		if (!first.ok) throw new Error('refused');
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: 'kalle.ex@example.fi' },
			attendees: [{ firstName: 'Olli', lastName: 'O', email: 'already.there@example.fi' }]
		});
		expect(made.members[0]!.registrationId).toBeNull();
		const view = (await findGroupByToken(scene.db, made.token))!;
		expect(view.members[0]!.status).toBe('confirmed');
		expect(await cancelMember(scene.db, view, made.members[0]!.id, context)).toEqual({
			ok: true,
			cancelled: 1
		});
		expect(await statusOf(first.registrationId)).toBe('confirmed');
		const [member] = await scene.db
			.select()
			.from(registrationGroupMember)
			.where(eq(registrationGroupMember.id, made.members[0]!.id));
		expect(member!.cancelledAt).not.toBeNull();
		expect((await findGroupByToken(scene.db, made.token))!.members[0]!.status).toBe('cancelled');
	});

	it('tells staff who booked a group registration and how large the group is', async () => {
		const ev = await makeEvent(scene.db);
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: 'kalle.staff@example.fi' },
			attendees: [
				{ firstName: 'Aino', lastName: 'A', email: 'aino.staff@example.fi' },
				{ firstName: 'Bertta', lastName: 'B' }
			]
		});
		const alone = await scene.signUp(ev, { data: { email: 'alone.staff@example.fi' } });
		if (!alone.ok) throw new Error('refused');
		const ids = [made.members[0]!.registrationId!, alone.registrationId];
		const found = await bookedByOf(scene.db, ids);
		expect(found.get(ids[0]!)).toEqual({ name: 'Kalle Kuski', size: 2 });
		expect(found.has(alone.registrationId)).toBe(false);
	});

	it('releases the seat of the date staff moved the attendee to, and names that date', async () => {
		const [series] = await scene.db.insert(eventSeries).values({}).returning();
		const day = 86_400_000;
		const dateOf = (weeks: number, titleFi: string) =>
			makeEvent(scene.db, {
				seriesId: series!.id,
				capacity: 2,
				titleFi,
				startsAt: new Date(Date.now() + weeks * 7 * day),
				endsAt: new Date(Date.now() + weeks * 7 * day + 3_600_000)
			});
		const a = await dateOf(1, 'Päivä A');
		const b = await dateOf(2, 'Päivä B');
		const made = await makeGroup(scene, a, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: `kalle.move.${kind}@example.fi` },
			attendees: [
				{ firstName: 'Aino', lastName: 'A', email: `aino.move.${kind}@example.fi` },
				{ firstName: 'Bertta', lastName: 'B' }
			]
		});
		const staff = await users.create(
			scene.db,
			{
				email: `mover.${kind}@wetteritrucks.fi`,
				displayName: 'Siirtäjä',
				role: 'staff',
				password: 'pitka-ja-harvinainen-salasana-42'
			},
			{ kind: 'system' }
		);
		if (!staff.ok) throw new Error(staff.reason);
		const aino = made.members[0]!.registrationId!;
		const moved = await moveRegistrant(scene.db, { id: staff.user.id }, a.id, aino, b.id, context);
		expect(moved).toMatchObject({ ok: true, status: 'confirmed' });
		const counts = async () =>
			(await scene.db.select().from(eventTable)).filter((e) => e.id === a.id || e.id === b.id);
		const confirmedOf = async (id: string) =>
			(await counts()).find((e) => e.id === id)!.confirmedCount;
		expect([await confirmedOf(a.id), await confirmedOf(b.id)]).toEqual([1, 1]);

		const view = (await findGroupByToken(scene.db, made.token))!;
		expect(await cancelMember(scene.db, view, made.members[0]!.id, context)).toEqual({
			ok: true,
			cancelled: 1
		});
		expect(await statusOf(aino)).toBe('cancelled');
		expect([await confirmedOf(a.id), await confirmedOf(b.id)]).toEqual([1, 0]);
		const told = (await mailsTo(`aino.move.${kind}@example.fi`)).at(-1);
		expect(told?.template).toBe('registration.cancelled_by_booker');
		expect(told?.message?.text).toContain('Päivä B');
		expect(told?.message?.text).not.toContain('Päivä A');
	});

	it('cancels all remaining at once, leaving ones already cancelled as they were', async () => {
		const ev = await makeEvent(scene.db);
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: 'kalle.all@example.fi' },
			attendees: [
				{ firstName: 'Aino', lastName: 'A', email: 'aino.all@example.fi' },
				{ firstName: 'Bertta', lastName: 'B' },
				{ firstName: 'Cecilia', lastName: 'C', email: 'cecilia.all@example.fi' }
			]
		});
		let view = (await findGroupByToken(scene.db, made.token))!;
		await cancelMember(scene.db, view, made.members[1]!.id, context);
		view = (await findGroupByToken(scene.db, made.token))!;
		expect(await cancelAll(scene.db, view, context)).toEqual({ ok: true, cancelled: 2 });
		view = (await findGroupByToken(scene.db, made.token))!;
		expect(view.members.every((m) => m.status === 'cancelled')).toBe(true);
		expect(await cancelAll(scene.db, view, context)).toEqual({ ok: false });
	});
	// Last in this file: its retention run, dated a month ahead, purges the other tests' rows too.
	it('moves a group’s deletion date with a shortened retention, so the group goes with it', async () => {
		const ev = await makeEvent(scene.db, { retentionDays: 90 });
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: `kalle.keep.${kind}@example.fi` },
			attendees: [{ firstName: 'Aino', lastName: 'A', email: `aino.keep.${kind}@example.fi` }]
		});
		const staff = await users.create(
			scene.db,
			{
				email: `keeper.${kind}@wetteritrucks.fi`,
				displayName: 'Säilyttäjä',
				role: 'staff',
				password: 'pitka-ja-harvinainen-salasana-42'
			},
			{ kind: 'system' }
		);
		if (!staff.ok) throw new Error(staff.reason);
		const saved = await updateEvent(
			scene.db,
			ev.id,
			{ ...ev, retentionDays: 1 },
			{ kind: 'staff', id: staff.user.id },
			context
		);
		expect(saved.ok).toBe(true);
		const [group] = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.id, made.group.id));
		expect(group?.purgeAfter).toEqual(new Date(ev.endsAt.getTime() + 86_400_000));

		const now = new Date(ev.endsAt.getTime() + 30 * 86_400_000);
		const outcome = await runRetention(scene.db, { trigger: 'cli', now });
		expect(outcome.ran).toBe(true);
		expect(
			await scene.db.select().from(registrationGroup).where(eq(registrationGroup.id, made.group.id))
		).toEqual([]);
	});
});
