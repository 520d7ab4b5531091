import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { auditEvent, emailOutbox, event, registration, type Event } from '../db/schema';
import { registrationUid } from '../mail/ics';
import { register } from '../registrations';
import { updateEvent } from './manage';
import { eventPageKey } from './page-cache';
import { parseCalendar, wholeSeconds } from '$tests/calendar';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { openStaffScene } from '$tests/scene';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const HOUR_MS = 3_600_000;

/** Staff move an event and tell everyone signed up: calendars follow, waiting places get the news. */
describe.each(DATABASE_KINDS)('telling registrants of a new time or place on %s', (kind) => {
	let database: Database;
	let actor: { kind: 'staff'; id: string };
	openStaffScene(kind, (scene) => {
		database = scene.database;
		actor = { kind: 'staff', id: scene.staff.id };
	});

	const reload = async (id: string) =>
		(await database.db.select().from(event).where(eq(event.id, id)))[0]!;

	const signUp = async (ev: Event, email: string, locale: 'fi' | 'sv' | 'en') => {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup({ email }),
			locale,
			...context
		});
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		return result.registrationId;
	};

	const mailsTo = async (email: string) =>
		(await database.db.select().from(emailOutbox).orderBy(emailOutbox.id)).filter(
			(r) => r.message?.to === email
		);

	/** The edit form's fields for `ev` with some changed, as the route passes them. */
	const edited = (ev: Event, changes: Partial<Event>) => ({ ...ev, ...changes });

	it('mails each active registration once: the seat with its moved calendar entry, the queue without', async () => {
		const ev = await makeEvent(database.db, { capacity: 1, contactEmail: 'kaisa@wetteri.test' });
		const seat = await signUp(ev, 'paikka.siirtyy@example.fi', 'fi');
		await signUp(ev, 'jono.siirtyy@example.fi', 'sv');
		const cancelled = await signUp(ev, 'peruttu.siirtyy@example.fi', 'en');
		await database.db
			.update(registration)
			.set({ status: 'cancelled', waitlistPosition: null })
			.where(eq(registration.id, cancelled));

		const before = await reload(ev.id);
		const startsAt = new Date(ev.startsAt.getTime() + 24 * HOUR_MS);
		const endsAt = new Date(ev.endsAt.getTime() + 24 * HOUR_MS);
		const result = await updateEvent(
			database.db,
			ev.id,
			edited(before, { startsAt, endsAt, location: 'Satamakatu 1, Naantali' }),
			actor,
			context,
			{ notify: true }
		);
		expect(result).toMatchObject({ ok: true, notified: 2, promoted: 0 });

		const [confirmation, update] = await mailsTo('paikka.siirtyy@example.fi');
		expect(update!.template).toBe('registration.updated');
		expect(update!.message!.subject).toBe(`Muutos tapahtumaan: ${ev.titleFi}`);
		expect(update!.message!.text).toContain('Satamakatu 1, Naantali');
		expect(update!.message!.text).toContain('Aiemmin:');
		expect(update!.message!.text).toContain('Pollenkuja 6, Turku');
		expect(update!.message!.replyTo).toBe('kaisa@wetteri.test');
		const first = parseCalendar(confirmation!.message!.attachments[0]!.content);
		const moved = parseCalendar(update!.message!.attachments[0]!.content);
		expect(moved).toMatchObject({
			method: 'REQUEST',
			uid: registrationUid(seat, ORIGIN),
			start: wholeSeconds(startsAt),
			end: wholeSeconds(endsAt),
			location: 'Satamakatu 1, Naantali'
		});
		expect(moved.uid).toBe(first.uid);
		expect(moved.sequence).toBeGreaterThan(first.sequence);

		const queued = await mailsTo('jono.siirtyy@example.fi');
		expect(queued.map((r) => r.template)).toEqual([
			'registration.waitlisted',
			'registration.updated'
		]);
		expect(queued[1]!.message!.subject).toBe(`Ändring i evenemanget: ${ev.titleFi}`);
		expect(queued[1]!.message!.attachments).toEqual([]);
		expect(await mailsTo('peruttu.siirtyy@example.fi')).toHaveLength(1);

		const [audited] = await database.db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.subjectId, ev.id), eq(auditEvent.action, 'event.updated')));
		expect(audited).toMatchObject({ count: 2 });
		expect(audited!.details).toMatchObject({ notified: 2 });

		// The cached public page is keyed by the row, so the change shows at once.
		const path = `/events/${ev.slug}`;
		expect(eventPageKey(path, await reload(ev.id))).not.toBe(eventPageKey(path, before));
	});

	it('mails nobody unless asked, nor for a change that is not the time or place', async () => {
		const ev = await makeEvent(database.db);
		await signUp(ev, 'ei.kerrota@example.fi', 'fi');
		const moved = edited(await reload(ev.id), { location: 'Satamakatu 1, Naantali' });
		expect(await updateEvent(database.db, ev.id, moved, actor, context)).toMatchObject({
			notified: 0
		});
		const renamed = edited(await reload(ev.id), { titleFi: 'Uusi nimi' });
		expect(
			await updateEvent(database.db, ev.id, renamed, actor, context, { notify: true })
		).toMatchObject({ ok: true, notified: 0 });
		expect((await mailsTo('ei.kerrota@example.fi')).map((r) => r.template)).toEqual([
			'registration.confirmed'
		]);
	});
});
