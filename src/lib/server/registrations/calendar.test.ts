import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { emailOutbox, registration, type Event } from '../db/schema';
import { cancelRegistrant } from '../attendees/registrants';
import { registrationUid } from '../mail/ics';
import { cancelOwn, openManage, register } from './index';
import { parseCalendar, wholeSeconds, type ParsedCalendar } from '$tests/calendar';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { openStaffScene } from '$tests/scene';

const context = { origin: ORIGIN, organizer: ORGANIZER };

/**
 * A registration's calendar entry over its life: each mail that carries one raises SEQUENCE under
 * the same UID, so a calendar client applies them in order; a waiting-list place carries none.
 */
describe.each(DATABASE_KINDS)('registration calendar entries on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	const signUp = async (ev: Event, email: string) => {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup({ email, lastName: 'Kalenteri' }),
			locale: 'fi',
			...context
		});
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		return result.registrationId;
	};

	/** Each mail to the address in the order queued: its template and the entry it carries, if any. */
	const mailsTo = async (email: string) =>
		(await database.db.select().from(emailOutbox))
			.filter((r) => r.message?.to === email)
			.sort((a, b) => a.id - b.id)
			.map((r): [string, ParsedCalendar | null] => {
				// A confirmed seat's mail also carries its ticket as an inline image; at most one calendar.
				const files = r.message!.attachments.filter((a) =>
					a.contentType.startsWith('text/calendar')
				);
				expect(files.length).toBeLessThanOrEqual(1);
				return [r.template, files[0] ? parseCalendar(files[0].content) : null];
			});

	const sequenceOf = async (id: string) =>
		(await database.db.select().from(registration).where(eq(registration.id, id)))[0]!
			.calendarSequence;

	it('sends a seat, updates it on a repeat sign-up and withdraws it when the person cancels', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		const seat = await signUp(ev, 'istuja@example.fi');
		await signUp(ev, 'istuja@example.fi');
		const waiting = await signUp(ev, 'jonottaja@example.fi');
		await signUp(ev, 'jonottaja@example.fi');

		const manage = /\/manage\/([a-z0-9]+)/.exec(
			(await database.db.select().from(emailOutbox)).find(
				(r) => r.message?.to === 'istuja@example.fi'
			)!.message!.text
		)![1]!;
		const view = (await openManage(database.db, manage))!;
		expect(await cancelOwn(database.db, view, seat, context)).toEqual({
			ok: true,
			promotedId: waiting
		});

		const uid = registrationUid(seat, ORIGIN);
		const seated = await mailsTo('istuja@example.fi');
		expect(seated.map(([template]) => template)).toEqual([
			'registration.confirmed',
			'registration.already_confirmed',
			'registration.cancelled'
		]);
		expect(seated.map(([, entry]) => [entry?.method, entry?.uid, entry?.sequence])).toEqual([
			['REQUEST', uid, 0],
			['REQUEST', uid, 1],
			['CANCEL', uid, 2]
		]);
		expect(seated[2]![1]).toMatchObject({
			status: 'CANCELLED',
			start: wholeSeconds(ev.startsAt),
			end: wholeSeconds(ev.endsAt)
		});
		expect(seated[0]![1]!.attendees.map((a) => a.email)).toEqual(['istuja@example.fi']);
		expect(await sequenceOf(seat)).toBe(3);

		// Waiting put nothing in the calendar; the promotion is the first entry, under its own UID.
		const queued = await mailsTo('jonottaja@example.fi');
		expect(queued.map(([template, entry]) => [template, entry?.method ?? null])).toEqual([
			['registration.waitlisted', null],
			['registration.already_waitlisted', null],
			['registration.promoted', 'REQUEST']
		]);
		expect(queued[2]![1]).toMatchObject({
			uid: registrationUid(waiting, ORIGIN),
			sequence: 0,
			status: 'CONFIRMED',
			start: wholeSeconds(ev.startsAt)
		});
	});

	it('withdraws a seat staff cancel, and sends no withdrawal for a place that only waited', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		const seat = await signUp(ev, 'staff.peruu@example.fi');
		const waiting = await signUp(ev, 'staff.jono@example.fi');

		expect(await cancelRegistrant(database.db, staff, ev.id, waiting, context)).toMatchObject({
			ok: true
		});
		expect(await mailsTo('staff.jono@example.fi')).toEqual([
			['registration.waitlisted', null],
			['registration.cancelled', null]
		]);
		expect(await sequenceOf(waiting)).toBe(0);

		expect(await cancelRegistrant(database.db, staff, ev.id, seat, context)).toMatchObject({
			ok: true
		});
		const mails = await mailsTo('staff.peruu@example.fi');
		expect(mails.map(([template, entry]) => [template, entry?.method, entry?.sequence])).toEqual([
			['registration.confirmed', 'REQUEST', 0],
			['registration.cancelled', 'CANCEL', 1]
		]);
		expect(mails[1]![1]!.uid).toBe(mails[0]![1]!.uid);
	});
});
