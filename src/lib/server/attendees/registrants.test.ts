import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { accessToken, event, registration } from '../db/schema';
import { register } from '../registrations';
import {
	addRegistrant,
	cancelRegistrant,
	moveUp,
	promote,
	updateRegistrant,
	type AddInput
} from './index';
import { auditFor, outboxTo } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const blank = { email: '', phone: '', street: '', postalCode: '', city: '' };

describe.each(DATABASE_KINDS)('staff changes to registrants on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	type TestEvent = Awaited<ReturnType<typeof makeEvent>>;
	const add = (ev: TestEvent, data: Partial<AddInput['data']>) =>
		addRegistrant(database.db, {
			actor: staff,
			event: ev,
			data: { firstName: 'Pekka', lastName: 'Puhelin', ...blank, ...data },
			locale: 'fi',
			context
		});
	const signUp = async (ev: TestEvent, email: string) => {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup({ email }),
			locale: 'fi',
			...context
		});
		if (!result.ok) throw new Error('sign-up refused');
		return result.registrationId;
	};
	const row = async (id: string) =>
		(await database.db.select().from(registration).where(eq(registration.id, id)))[0]!;
	const seats = async (ev: TestEvent) =>
		(await database.db.select().from(event).where(eq(event.id, ev.id)))[0]!.confirmedCount;

	it('adds a phone sign-up without email: a seat, no mail, no manage link', async () => {
		const ev = await makeEvent(database.db, { capacity: 1, phonePolicy: 'required' });
		const missing = await add(ev, {});
		expect(missing).toEqual({ ok: false, reason: 'invalid', errors: { phone: 'required' } });
		// A number that cannot exist is reported with every other field's error, not one round later.
		const both = await add(ev, { firstName: '', phone: '12345' });
		expect(both).toEqual({
			ok: false,
			reason: 'invalid',
			errors: { firstName: 'required', phone: 'phoneInvalid' }
		});

		const result = await add(ev, { phone: '040 765 4321' });
		expect(result).toMatchObject({ ok: true, status: 'confirmed' });
		if (!result.ok) return;
		expect(await row(result.registrationId)).toMatchObject({
			email: null,
			emailNormalised: null,
			phone: '+358407654321',
			status: 'confirmed'
		});
		const tokens = await database.db
			.select()
			.from(accessToken)
			.where(eq(accessToken.registrationId, result.registrationId));
		expect(tokens).toEqual([]);
		expect(await seats(ev)).toBe(1);
		// The same capacity rule as the public form: the next one waits.
		expect(await add(ev, { firstName: 'Toinen', phone: '040 765 4322' })).toMatchObject({
			ok: true,
			status: 'waitlisted'
		});
		// Two people without email never collide on the one-email-per-event rule.
		const audits = await auditFor(
			database.db,
			'registration.added_by_staff',
			result.registrationId
		);
		expect(audits.map((a) => [a.actorId, a.details])).toEqual([
			[staff.id, { eventId: ev.id, status: 'confirmed', withEmail: false }]
		]);
	});

	it('adds a registrant with email: the usual confirmation; a second one is a duplicate', async () => {
		const ev = await makeEvent(database.db);
		const result = await add(ev, { email: 'Soitti.Itse@example.fi' });
		expect(result).toMatchObject({ ok: true, status: 'confirmed' });
		const mails = await outboxTo(database.db, 'Soitti.Itse@example.fi');
		expect(mails.map((m) => m.template)).toEqual(['registration.confirmed']);
		expect(mails[0]!.message?.text).toMatch(/\/manage\/[a-z0-9]+/);
		expect(await add(ev, { email: 'soitti.itse@EXAMPLE.fi' })).toEqual({
			ok: false,
			reason: 'duplicate'
		});
		expect(await add(ev, { email: 'not-an-email' })).toMatchObject({
			ok: false,
			errors: { email: 'emailInvalid' }
		});
		const closed = await makeEvent(database.db, { status: 'cancelled' });
		expect(await add(closed, {})).toEqual({ ok: false, reason: 'closed' });
	});

	it('corrects details, records which fields changed, and refuses a taken email', async () => {
		const ev = await makeEvent(database.db, { addressPolicy: 'optional' });
		const id = await signUp(ev, 'korjattava@example.fi');
		await signUp(ev, 'varattu@example.fi');
		const base = { firstName: 'Aino', lastName: 'Virtanen', ...blank };
		expect(
			await updateRegistrant(database.db, staff, ev, id, { ...base, email: 'varattu@example.fi' })
		).toEqual({ ok: false, reason: 'duplicate' });
		expect(
			await updateRegistrant(database.db, staff, ev, id, {
				...base,
				firstName: 'Aina',
				email: 'korjattava@example.fi',
				city: 'Raisio'
			})
		).toEqual({ ok: true });
		expect(await row(id)).toMatchObject({ firstName: 'Aina', city: 'Raisio' });
		const audits = await auditFor(database.db, 'registration.updated_by_staff', id);
		expect(audits.map((a) => a.details)).toEqual([
			{ eventId: ev.id, fields: ['firstName', 'city'] }
		]);
		const other = await makeEvent(database.db);
		expect(await updateRegistrant(database.db, staff, other, id, base)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('cancels a seat: the first waiting person is promoted and both are emailed', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		const seat = await signUp(ev, 'lahtija@example.fi');
		const first = await signUp(ev, 'ekana.jonossa@example.fi');
		const phoneOnly = await add(ev, { firstName: 'Jonottaja' });
		if (!phoneOnly.ok) throw new Error('add refused');

		const result = await cancelRegistrant(database.db, staff, ev.id, seat, context);
		expect(result).toEqual({ ok: true, promotedId: first });
		expect((await row(seat)).status).toBe('cancelled');
		expect((await row(first)).status).toBe('confirmed');
		expect(await seats(ev)).toBe(1);
		expect((await outboxTo(database.db, 'lahtija@example.fi')).map((m) => m.template)).toContain(
			'registration.cancelled'
		);
		expect(
			(await outboxTo(database.db, 'ekana.jonossa@example.fi')).map((m) => m.template)
		).toContain('registration.promoted');
		expect(await cancelRegistrant(database.db, staff, ev.id, seat, context)).toEqual({
			ok: false,
			reason: 'cancelled'
		});
		const audits = await auditFor(database.db, 'registration.cancelled_by_staff', seat);
		expect(audits.map((a) => a.details)).toEqual([
			{ eventId: ev.id, was: 'confirmed', promotedId: first }
		]);

		// Promoting someone without email sends nothing and still works.
		const second = await cancelRegistrant(database.db, staff, ev.id, first, context);
		expect(second).toEqual({ ok: true, promotedId: phoneOnly.registrationId });
	});

	it('moves a waiting person up one place at a time', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		await signUp(ev, 'istuu@example.fi');
		const a = await signUp(ev, 'a.jonossa@example.fi');
		const b = await signUp(ev, 'b.jonossa@example.fi');
		const c = await signUp(ev, 'c.jonossa@example.fi');
		expect(await moveUp(database.db, staff, ev.id, c)).toEqual({ ok: true });
		expect(await moveUp(database.db, staff, ev.id, c)).toEqual({ ok: true });
		expect(await moveUp(database.db, staff, ev.id, c)).toEqual({ ok: false, reason: 'first' });
		const order = await Promise.all([a, b, c].map(async (id) => (await row(id)).waitlistPosition));
		expect(order).toEqual([2, 3, 1]);
		const seat = (await database.db.select().from(registration)).find(
			(r) => r.email === 'istuu@example.fi'
		)!;
		expect(await moveUp(database.db, staff, ev.id, seat.id)).toEqual({
			ok: false,
			reason: 'not_waitlisted'
		});
		expect(await auditFor(database.db, 'registration.moved_up', c)).toHaveLength(2);
	});

	it('promotes by hand only into a free seat', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		await signUp(ev, 'paikalla@example.fi');
		const waiting = await signUp(ev, 'odottaa@example.fi');
		expect(await promote(database.db, staff, ev.id, waiting, context)).toEqual({
			ok: false,
			reason: 'full'
		});
		// Room made the way the event editor does it, without promoting anyone.
		await database.db.update(event).set({ capacity: 2 }).where(eq(event.id, ev.id));
		expect(await promote(database.db, staff, ev.id, waiting, context)).toEqual({ ok: true });
		expect(await row(waiting)).toMatchObject({ status: 'confirmed', waitlistPosition: null });
		expect(await seats(ev)).toBe(2);
		expect((await outboxTo(database.db, 'odottaa@example.fi')).map((m) => m.template)).toContain(
			'registration.promoted'
		);
		expect(await promote(database.db, staff, ev.id, waiting, context)).toEqual({
			ok: false,
			reason: 'not_waitlisted'
		});
		expect(await auditFor(database.db, 'registration.promoted_by_staff', waiting)).toHaveLength(1);
	});
});
