import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { SignupData } from '../../schemas/registration';
import { emailOutbox, event, registration, type Event } from '../db/schema';
import { cancelOwn, exportData, openManage, updateDetails } from './index';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { openRegistrationScene } from '$tests/registration-fixtures';

const context = { origin: ORIGIN, organizer: ORGANIZER };

describe.each(DATABASE_KINDS)('the manage link on %s', (kind) => {
	const scene = openRegistrationScene(kind);
	const signUp = async (ev: Event, data: Partial<SignupData> = {}) => {
		const result = await scene.signUp(ev, { data });
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		return result;
	};
	/** The manage token from the newest message of a template to an address. */
	const tokenFrom = async (email: string, template?: string) => {
		const rows = (await scene.db.select().from(emailOutbox)).filter(
			(r) => r.message?.to === email && (!template || r.template === template)
		);
		const text = rows.at(-1)?.message?.text ?? '';
		return /\/manage\/([a-z0-9]+)/.exec(text)![1]!;
	};

	it('opens every active registration of the email, and nothing for an unknown token', async () => {
		const a = await makeEvent(scene.db, { phonePolicy: 'optional' });
		const b = await makeEvent(scene.db, { phonePolicy: 'hidden', addressPolicy: 'required' });
		await signUp(a, { email: 'manage.me@example.fi', phone: '040 111 2222' });
		await signUp(b, {
			email: 'Manage.Me@example.fi',
			street: 'Pollenkuja 6',
			postalCode: '20380',
			city: 'Turku'
		});
		const view = await openManage(scene.db, await tokenFrom('manage.me@example.fi'));
		expect(view?.active.map((x) => x.event.id).sort()).toEqual([a.id, b.id].sort());
		expect(view?.policies).toEqual({ phonePolicy: 'optional', addressPolicy: 'required' });
		expect(await openManage(scene.db, 'a'.repeat(32))).toBeNull();
		expect(await openManage(scene.db, '')).toBeNull();
	});

	it('corrects details on each registration only in the fields its event asks for', async () => {
		const phoneOnly = await makeEvent(scene.db, { phonePolicy: 'optional' });
		const addressOnly = await makeEvent(scene.db, {
			phonePolicy: 'hidden',
			addressPolicy: 'optional'
		});
		await signUp(phoneOnly, { email: 'fixer@example.fi', phone: '040 111 2222' });
		await signUp(addressOnly, { email: 'fixer@example.fi', city: 'Turku' });
		const view = (await openManage(scene.db, await tokenFrom('fixer@example.fi')))!;

		const bad = await updateDetails(scene.db, view, {
			...view.details,
			// Passes the pattern, fails libphonenumber: still reported with the other field's error.
			phone: '12345',
			firstName: ''
		});
		expect(bad).toEqual({ ok: false, errors: { firstName: 'required', phone: 'phoneInvalid' } });

		const result = await updateDetails(scene.db, view, {
			...view.details,
			firstName: 'Fixed',
			phone: '+358 40 999 8888',
			city: 'Raisio'
		});
		expect(result).toEqual({ ok: true, updated: 2 });
		const rows = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.emailNormalised, 'fixer@example.fi'));
		const byEvent = Object.fromEntries(rows.map((r) => [r.eventId, r]));
		expect(byEvent[phoneOnly.id]).toMatchObject({
			firstName: 'Fixed',
			phone: '+358409998888',
			city: null
		});
		expect(byEvent[addressOnly.id]).toMatchObject({
			firstName: 'Fixed',
			phone: null,
			city: 'Raisio'
		});
	});

	it('cancels a confirmed seat, promotes the first waiting person and emails both', async () => {
		const ev = await makeEvent(scene.db, { capacity: 1 });
		const seat = await signUp(ev, { email: 'leaving@example.fi' });
		await signUp(ev, { email: 'first.in.line@example.fi' });
		await signUp(ev, { email: 'second.in.line@example.fi' });
		const view = (await openManage(scene.db, await tokenFrom('leaving@example.fi')))!;

		expect(await cancelOwn(scene.db, view, seat.registrationId, context)).toMatchObject({
			ok: true
		});
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		const status = Object.fromEntries(rows.map((r) => [r.email, [r.status, r.waitlistPosition]]));
		expect(status).toEqual({
			'leaving@example.fi': ['cancelled', null],
			'first.in.line@example.fi': ['confirmed', null],
			'second.in.line@example.fi': ['waitlisted', 2]
		});
		const [after] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		expect(after?.confirmedCount).toBe(1);

		const templates = (await scene.db.select().from(emailOutbox))
			.filter((r) => r.message && rows.some((x) => x.email === r.message!.to))
			.map((r) => `${r.message!.to} ${r.template}`);
		expect(templates).toContain('leaving@example.fi registration.cancelled');
		expect(templates).toContain('first.in.line@example.fi registration.promoted');

		// The promoted person's new link works, and the second in line is now first.
		const promotedView = await openManage(
			scene.db,
			await tokenFrom('first.in.line@example.fi', 'registration.promoted')
		);
		expect(promotedView?.active[0]?.registration.status).toBe('confirmed');
		const secondView = await openManage(scene.db, await tokenFrom('second.in.line@example.fi'));
		expect(secondView?.active[0]?.waitlistRank).toBe(1);
	});

	it('frees the seat when no one is waiting, and refuses a second cancel or a foreign id', async () => {
		const ev = await makeEvent(scene.db, { capacity: 3 });
		const mine = await signUp(ev, { email: 'solo@example.fi' });
		const other = await signUp(ev, { email: 'someone.else@example.fi' });
		const view = (await openManage(scene.db, await tokenFrom('solo@example.fi')))!;
		expect(await cancelOwn(scene.db, view, other.registrationId, context)).toEqual({
			ok: false
		});
		expect(await cancelOwn(scene.db, view, mine.registrationId, context)).toEqual({
			ok: true,
			promotedId: null
		});
		expect(await cancelOwn(scene.db, view, mine.registrationId, context)).toEqual({ ok: false });
		const [after] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		expect(after?.confirmedCount).toBe(1);
	});

	it('exports everything held for the email, cancelled registrations included', async () => {
		const ev = await makeEvent(scene.db, { phonePolicy: 'optional' });
		const reg = await signUp(ev, {
			email: 'export@example.fi',
			firstName: 'Eino',
			phone: '040 123 4567'
		});
		const view = (await openManage(scene.db, await tokenFrom('export@example.fi')))!;
		// The form shows the number as the person wrote it; the download keeps E.164 for machines.
		expect(view.details.phone).toBe('040 123 4567');
		await cancelOwn(scene.db, view, reg.registrationId, context);
		const controller = {
			name: 'Wetteri Trucks Oy',
			address: 'Pollenkuja 6, 20380 Turku',
			phone: '044 556 7887',
			email: 'wetteritrucks@wetteri.fi',
			privacyUrl: `${ORIGIN}/privacy`
		};
		const data = await exportData(scene.db, view, controller);
		// Who holds the data, in full: the download stands on its own, away from the site.
		expect(data.controller).toEqual(controller);
		// The page still names the address after the last registration is cancelled.
		expect(view.email).toBe('export@example.fi');
		expect(data.registrations).toHaveLength(1);
		expect(data.registrations[0]).toMatchObject({
			status: 'cancelled',
			firstName: 'Eino',
			email: 'export@example.fi',
			phone: '+358401234567',
			event: { titleFi: ev.titleFi }
		});
	});

	it('keeps seats exact while people cancel and sign up at the same time', async () => {
		const ev = await makeEvent(scene.db, { capacity: 10 });
		const seated: Awaited<ReturnType<typeof signUp>>[] = [];
		for (let i = 0; i < 10; i++) seated.push(await signUp(ev, { email: `seated.${i}@example.fi` }));
		for (let i = 0; i < 5; i++) await signUp(ev, { email: `waiting.${i}@example.fi` });
		const views = await Promise.all(
			seated
				.slice(0, 6)
				.map(
					async (_, i) => (await openManage(scene.db, await tokenFrom(`seated.${i}@example.fi`)))!
				)
		);
		await Promise.all([
			...views.map((view, i) => cancelOwn(scene.db, view, seated[i]!.registrationId, context)),
			...Array.from({ length: 10 }, (_, i) =>
				scene.signUp(ev, { data: { email: `late.${i}@example.fi` } })
			)
		]);
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		const confirmed = rows.filter((r) => r.status === 'confirmed');
		const [after] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		expect(confirmed).toHaveLength(10);
		expect(after?.confirmedCount).toBe(10);
		expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(6);
		// Everyone who waited before the cancellations was promoted ahead of the late sign-ups.
		for (let i = 0; i < 5; i++) {
			expect(rows.find((r) => r.email === `waiting.${i}@example.fi`)?.status).toBe('confirmed');
		}
	});
});
