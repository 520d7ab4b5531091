import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox, event, rateLimit, registration, type Event } from '../db/schema';
import { hashRecipient } from '../mail/outbox';
import { cancelOwn, openManage } from './index';
import { ALREADY_REGISTERED_MAILS } from './register';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { openRegistrationScene, type SignUpOptions } from '$tests/registration-fixtures';

describe.each(DATABASE_KINDS)('duplicate sign-ups on %s', (kind) => {
	const scene = openRegistrationScene(kind, { maxConnections: 10 });
	const signUp = (ev: Event, email: string, options: SignUpOptions = {}) =>
		scene.signUp(ev, { ...options, data: { email } });
	// In the order they were queued: without ORDER BY, PostgreSQL returns rows in heap order.
	const mailsTo = async (email: string) =>
		(await scene.db.select().from(emailOutbox).orderBy(emailOutbox.id))
			.filter((row) => row.message?.to === email)
			.map((row) => row.template);

	it('stores no second registration and tells the address owner they are registered', async () => {
		const ev = await makeEvent(scene.db, { capacity: 5 });
		const first = await signUp(ev, 'twice@example.fi');
		const second = await signUp(ev, 'TWICE@example.fi ');
		expect(first).toMatchObject({ ok: true, status: 'confirmed', duplicate: false });
		expect(second).toMatchObject({ ok: true, status: 'confirmed', duplicate: true });
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		expect(rows).toHaveLength(1);
		// The second message goes to the address as first registered: it is the same mailbox.
		expect(await mailsTo('twice@example.fi')).toEqual([
			'registration.confirmed',
			'registration.already_confirmed'
		]);
		expect(await mailsTo('TWICE@example.fi ')).toEqual([]);
	});

	it('shows what a new sign-up would see: waitlisted once the event is full', async () => {
		const ev = await makeEvent(scene.db, { capacity: 1 });
		await signUp(ev, 'seat@example.fi');
		await signUp(ev, 'queued@example.fi');
		const again = await signUp(ev, 'seat@example.fi');
		expect(again).toMatchObject({ ok: true, status: 'waitlisted', duplicate: true });
		const queuedAgain = await signUp(ev, 'queued@example.fi');
		expect(queuedAgain).toMatchObject({ ok: true, status: 'waitlisted', duplicate: true });
		const templates = (await scene.db.select().from(emailOutbox)).map((r) => r.template);
		expect(templates).toContain('registration.already_waitlisted');
	});

	it('lets a cancelled registrant sign up again', async () => {
		const ev = await makeEvent(scene.db, { capacity: 5 });
		const first = await signUp(ev, 'again@example.fi');
		if (!first.ok) throw new Error('expected ok');
		const [mail] = (await scene.db.select().from(emailOutbox)).filter(
			(r) => r.message?.to === 'again@example.fi'
		);
		const token = /\/manage\/([a-z0-9]+)/.exec(mail!.message!.text)![1]!;
		const view = await openManage(scene.db, token);
		await cancelOwn(scene.db, view!, first.registrationId, {
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		const second = await signUp(ev, 'again@example.fi');
		expect(second).toMatchObject({ ok: true, status: 'confirmed', duplicate: false });
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		expect(rows.map((r) => r.status).sort()).toEqual(['cancelled', 'confirmed']);
	});

	it('keeps one registration when the same email signs up many times at once', async () => {
		const ev = await makeEvent(scene.db, { capacity: 3 });
		const results = await Promise.all(
			Array.from({ length: 10 }, () => signUp(ev, 'racer@example.fi'))
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const rows = await scene.db.select().from(registration).where(eq(registration.eventId, ev.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]?.status).toBe('confirmed');
		const [row] = await scene.db.select().from(event).where(eq(event.id, ev.id));
		expect(row?.confirmedCount).toBe(1);
	});

	it('sends one recipient at most the daily cap of "already registered" mails', async () => {
		const max = ALREADY_REGISTERED_MAILS.max;
		const ev = await makeEvent(scene.db, { capacity: 5 });
		const other = await makeEvent(scene.db, { capacity: 5 });
		const day = new Date('2026-12-01T09:00:00Z');
		await signUp(ev, 'target@example.fi', { now: day });
		await signUp(other, 'target@example.fi', { now: day });
		// Someone types the address again and again, from wherever: one by one and all at once,
		// in other spellings of it, into both events, with the news box ticked.
		const spellings = ['target@example.fi', ' TARGET@example.fi', 'Target@Example.FI '];
		const answers = [];
		for (let i = 0; i < 6; i++) {
			answers.push(await signUp(i % 2 ? ev : other, spellings[i % 3]!, { now: day }));
		}
		answers.push(
			...(await Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					signUp(i % 2 ? ev : other, spellings[i % 3]!, { now: day, newsByEmail: true })
				)
			))
		);
		// The visitor sees a duplicate answered like a new sign-up, capped or not.
		expect(answers.every((a) => a.ok && a.duplicate && a.status === 'confirmed')).toBe(true);

		const mails = await mailsTo('target@example.fi');
		expect(mails.filter((t) => t === 'registration.confirmed')).toHaveLength(2);
		expect(mails.filter((t) => t === 'registration.already_confirmed')).toHaveLength(max);
		expect(mails.filter((t) => t === 'marketing.consent').length).toBeLessThanOrEqual(max);

		// Another recipient is not held back by the first one's count.
		await signUp(ev, 'bystander@example.fi', { now: day });
		await signUp(ev, 'bystander@example.fi', { now: day });
		expect(await mailsTo('bystander@example.fi')).toEqual([
			'registration.confirmed',
			'registration.already_confirmed'
		]);
		// The next day the owner can be told again.
		await signUp(ev, 'target@example.fi', { now: new Date('2026-12-02T09:00:00Z') });
		expect(
			(await mailsTo('target@example.fi')).filter((t) => t === 'registration.already_confirmed')
		).toHaveLength(max + 1);

		// The counter is keyed by a keyed hash: neither the address nor its plain digest is stored.
		const keys = (await scene.db.select().from(rateLimit)).map((row) => row.keyHash);
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys) {
			expect(key).toMatch(/^[0-9a-f]{64}$/);
			expect(key).not.toBe(hashRecipient('target@example.fi'));
			expect(key).not.toContain('target');
		}
	});
});
