import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { SignupData } from '../../schemas/registration';
import {
	accessToken,
	emailOutbox,
	event as eventTable,
	registration,
	type Event
} from '../db/schema';
import * as events from '../events';
import * as tokens from '../tokens';
import { NOTICE_VERSION } from '../privacy/notice';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORIGIN } from '$tests/factories';
import { openRegistrationScene } from '$tests/registration-fixtures';

describe.each(DATABASE_KINDS)('registrations.register on %s', (kind) => {
	const scene = openRegistrationScene(kind, { maxConnections: 20 });
	const signUp = (ev: Event, data: Partial<SignupData> = {}, locale: 'fi' | 'en' = 'fi') =>
		scene.signUp(ev, { data, locale });

	it('confirms while seats are free, then puts people on the waiting list in order', async () => {
		const ev = await makeEvent(scene.db, { capacity: 2 });
		const results = [];
		for (let i = 0; i < 4; i++) results.push(await signUp(ev));
		expect(results.map((r) => (r.ok ? [r.status, r.waitlistPosition] : r.reason))).toEqual([
			['confirmed', null],
			['confirmed', null],
			['waitlisted', 1],
			['waitlisted', 2]
		]);
		const after = await events.findById(scene.db, ev.id);
		expect(after?.confirmedCount).toBe(2);
	});

	it('stores the registration, a hashed manage token and the email in one go', async () => {
		const ev = await makeEvent(scene.db);
		const result = await signUp(ev, { firstName: '  Eero ', email: ' Eero.Korhonen@Example.FI ' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const [row] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, result.registrationId));
		expect(row).toMatchObject({
			firstName: 'Eero',
			email: 'Eero.Korhonen@Example.FI',
			emailNormalised: 'eero.korhonen@example.fi',
			status: 'confirmed',
			locale: 'fi',
			noticeVersion: NOTICE_VERSION
		});
		expect(row!.purgeAfter.getTime()).toBe(ev.endsAt.getTime() + 90 * 86_400_000);

		const [tokenRow] = await scene.db
			.select()
			.from(accessToken)
			.where(eq(accessToken.registrationId, result.registrationId));
		expect(tokenRow?.purpose).toBe('manage');
		expect(tokenRow?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

		const outbox = await scene.db.select().from(emailOutbox);
		const message = outbox.find((o) => o.message?.to === 'Eero.Korhonen@Example.FI')?.message;
		expect(message?.subject).toContain(ev.titleFi);
		const token = /\/manage\/([a-z0-9]+)/.exec(message!.text)?.[1];
		expect(token).toBeDefined();
		const found = await tokens.find(scene.db, token!, 'manage');
		expect(found?.registrationId).toBe(result.registrationId);
	});

	it('writes the email in the registrant’s language with English links under /en', async () => {
		const ev = await makeEvent(scene.db);
		const result = await signUp(ev, { email: 'english@example.com' }, 'en');
		expect(result.ok).toBe(true);
		const outbox = await scene.db.select().from(emailOutbox);
		const message = outbox.find((o) => o.message?.to === 'english@example.com')?.message;
		expect(message?.subject).toBe(`Registration confirmed: ${ev.titleEn}`);
		expect(message?.text).toContain(`${ORIGIN}/en/manage/`);
		expect(message?.text).toContain(`${ORIGIN}/en/events/${ev.slug}`);
	});

	it('normalises the phone to E.164 and keeps no field the event hides', async () => {
		const ev = await makeEvent(scene.db, { phonePolicy: 'optional', addressPolicy: 'hidden' });
		const result = await signUp(ev, {
			phone: '040 123 4567',
			street: 'Pollenkuja 6',
			postalCode: '20380',
			city: 'Turku'
		});
		if (!result.ok) throw new Error('expected ok');
		const [row] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, result.registrationId));
		expect(row).toMatchObject({
			phone: '+358401234567',
			street: null,
			postalCode: null,
			city: null
		});

		const hiddenPhone = await makeEvent(scene.db, {
			phonePolicy: 'hidden',
			addressPolicy: 'optional'
		});
		const second = await signUp(hiddenPhone, {
			phone: '040 123 4567',
			city: 'Turku',
			postalCode: '20380'
		});
		if (!second.ok) throw new Error('expected ok');
		const [row2] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, second.registrationId));
		expect(row2).toMatchObject({ phone: null, city: 'Turku', postalCode: '20380', street: null });
	});

	it('refuses a phone number that does not exist and stores nothing', async () => {
		const ev = await makeEvent(scene.db, { phonePolicy: 'required' });
		const result = await signUp(ev, { phone: '+358 1' });
		expect(result).toEqual({ ok: false, reason: 'invalid', errors: { phone: 'phoneInvalid' } });
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		expect(rows).toHaveLength(0);
		const [after] = await scene.db.select().from(eventTable).where(eq(eventTable.id, ev.id));
		expect(after?.confirmedCount).toBe(0);
	});

	it('validates input itself and reports each bad field', async () => {
		const ev = await makeEvent(scene.db, { phonePolicy: 'required', addressPolicy: 'required' });
		const result = await signUp(ev, { firstName: ' ', email: 'no-at-sign', postalCode: '123' });
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			errors: {
				firstName: 'required',
				email: 'emailInvalid',
				phone: 'required',
				street: 'required',
				postalCode: 'postalCodeInvalid',
				city: 'required'
			}
		});
	});

	it('refuses sign-ups outside the registration window and for unpublished events', async () => {
		const hour = 3_600_000;
		const cases = [
			await makeEvent(scene.db, { registrationOpensAt: new Date(Date.now() + hour) }),
			await makeEvent(scene.db, { registrationClosesAt: new Date(Date.now() - hour) }),
			await makeEvent(scene.db, { status: 'draft' }),
			await makeEvent(scene.db, { status: 'cancelled' }),
			await makeEvent(scene.db, {
				startsAt: new Date(Date.now() - 3 * hour),
				endsAt: new Date(Date.now() - hour)
			})
		];
		for (const ev of cases) {
			expect(await signUp(ev)).toEqual({ ok: false, reason: 'closed' });
		}
		const stored = await scene.db.select().from(registration);
		expect(stored.filter((r) => cases.some((c) => c.id === r.eventId))).toHaveLength(0);
	});

	it('keeps one person key for the same email across events', async () => {
		const a = await makeEvent(scene.db);
		const b = await makeEvent(scene.db);
		const first = await signUp(a, { email: 'same.person@example.fi' });
		const second = await signUp(b, { email: 'SAME.person@example.fi' });
		if (!first.ok || !second.ok) throw new Error('expected ok');
		const rows = await scene.db
			.select({ personId: registration.personId })
			.from(registration)
			.where(eq(registration.emailNormalised, 'same.person@example.fi'));
		expect(new Set(rows.map((r) => r.personId)).size).toBe(1);
	});

	it('never overbooks: 200 simultaneous sign-ups for 20 seats', async () => {
		const ev = await makeEvent(scene.db, { capacity: 20 });
		const results = await Promise.all(
			Array.from({ length: 200 }, (_, i) => signUp(ev, { email: `rush.${i}@example.fi` }))
		);
		expect(results.every((r) => r.ok)).toBe(true);

		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		expect(rows).toHaveLength(200);
		expect(new Set(rows.map((r) => r.emailNormalised)).size).toBe(200);
		expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(20);
		const positions = rows
			.filter((r) => r.status === 'waitlisted')
			.map((r) => r.waitlistPosition)
			.sort((x, y) => x! - y!);
		expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));

		const [after] = await scene.db.select().from(eventTable).where(eq(eventTable.id, ev.id));
		expect(after).toMatchObject({ confirmedCount: 20, waitlistSeq: 180 });
		const mails = await scene.db.select().from(emailOutbox);
		const rushMails = mails.filter((m) => m.message?.to.startsWith('rush.'));
		expect(rushMails).toHaveLength(200);
	});
});
