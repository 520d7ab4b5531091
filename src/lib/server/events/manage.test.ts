import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { EventFields } from '../../schemas/event';
import * as users from '../auth/users';
import type { Database } from '../db';
import { auditEvent, emailOutbox, event, registration } from '../db/schema';
import { register } from '../registrations';
import { findPublicBySlug, listUpcoming, registrationState } from './index';
import {
	cancelEvent,
	changeCapacity,
	createEvent,
	publish,
	unpublish,
	updateEvent,
	type Actor
} from './manage';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { parseCalendar } from '$tests/calendar';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const DAY_MS = 86_400_000;

function fields(overrides: Partial<EventFields> = {}): EventFields {
	const startsAt = new Date(Date.now() + 10 * DAY_MS);
	return {
		titleFi: 'Kuljettajakoulutus',
		titleSv: 'Förarutbildning',
		titleEn: 'Driver training',
		descriptionFi: 'Kuvaus',
		descriptionSv: 'Beskrivning',
		descriptionEn: 'Description',
		startsAt,
		endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
		location: 'Pollenkuja 6, Turku',
		capacity: 10,
		registrationOpensAt: null,
		registrationClosesAt: null,
		phonePolicy: 'optional',
		addressPolicy: 'hidden',
		retentionDays: 90,
		waitlistMode: 'automatic',
		offerHours: 24,
		contactName: '',
		contactEmail: '',
		contactPhone: '',
		...overrides
	};
}

describe.each(DATABASE_KINDS)('staff event management on %s', (kind) => {
	let database: Database;
	let actor: Actor;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const created = await users.create(
			database.db,
			{
				email: `events.${kind}@wetteritrucks.fi`,
				displayName: 'Tapahtumavastaava',
				role: 'staff',
				password: 'pitka-ja-harvinainen-salasana-42'
			},
			{ kind: 'system' }
		);
		if (!created.ok) throw new Error(created.reason);
		actor = { kind: 'staff', id: created.user.id };
	});
	afterAll(async () => {
		await database?.close();
	});

	const auditOf = (id: string) =>
		database.db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.subjectType, 'event'), eq(auditEvent.subjectId, id)))
			.orderBy(auditEvent.id);
	const reload = async (id: string) =>
		(await database.db.select().from(event).where(eq(event.id, id)))[0]!;
	const mailTo = async (emails: string[], template: string) =>
		(await database.db.select().from(emailOutbox).orderBy(emailOutbox.id))
			.filter((r) => r.template === template && emails.includes(r.message?.to ?? ''))
			.map((r) => r.message!.to);

	/** A published event with this many seats and sign-ups, in sign-up order. */
	async function eventWith(capacity: number, signups: number, prefix: string) {
		const ev = await createEvent(database.db, fields({ titleFi: prefix, capacity }), actor);
		await publish(database.db, ev.id, actor, context);
		const emails: string[] = [];
		for (let i = 0; i < signups; i++) {
			const email = `${prefix}.${i}@example.fi`;
			const result = await register(database.db, {
				event: await reload(ev.id),
				data: makeSignup({ email }),
				locale: i % 2 ? 'en' : 'fi',
				...context
			});
			if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
			emails.push(email);
		}
		return { id: ev.id, emails };
	}
	const statuses = async (id: string) =>
		Object.fromEntries(
			(await database.db.select().from(registration).where(eq(registration.eventId, id))).map(
				(r) => [r.email, r.status]
			)
		);

	it('creates drafts with unique slugs from the Finnish title, and audits each', async () => {
		const title = 'Avoimet ovet – Turun myymälä!';
		const first = await createEvent(database.db, fields({ titleFi: title }), actor);
		const second = await createEvent(database.db, fields({ titleFi: title }), actor);
		const third = await createEvent(database.db, fields({ titleFi: `${title}?` }), actor);
		expect([first.slug, second.slug, third.slug]).toEqual([
			'avoimet-ovet-turun-myymala',
			'avoimet-ovet-turun-myymala-2',
			'avoimet-ovet-turun-myymala-3'
		]);
		expect(first).toMatchObject({ status: 'draft', retentionDays: 90, confirmedCount: 0 });
		expect((await createEvent(database.db, fields({ titleFi: '!!!' }), actor)).slug).toBe(
			'tapahtuma'
		);
		const [created] = await auditOf(first.id);
		expect(created).toMatchObject({
			action: 'event.created',
			actorId: actor.kind === 'staff' ? actor.id : null,
			details: { slug: 'avoimet-ovet-turun-myymala' }
		});
	});

	it('gives concurrent events of one title different slugs', async () => {
		const created = await Promise.all(
			Array.from({ length: 4 }, () =>
				createEvent(database.db, fields({ titleFi: 'Rekkanäyttely' }), actor)
			)
		);
		expect(created.map((e) => e.slug).sort()).toEqual([
			'rekkanayttely',
			'rekkanayttely-2',
			'rekkanayttely-3',
			'rekkanayttely-4'
		]);
	});

	it('keeps the slug when the title changes, and audits only real changes', async () => {
		const ev = await createEvent(database.db, fields({ titleFi: 'Huoltopäivä' }), actor);
		const endsAt = new Date(ev.endsAt.getTime() + DAY_MS);
		const result = await updateEvent(
			database.db,
			ev.id,
			fields({ titleFi: 'Huoltopäivä ja grillaus', startsAt: ev.startsAt, endsAt }),
			actor,
			context
		);
		expect(result).toMatchObject({ ok: true, promoted: 0 });
		const after = await reload(ev.id);
		expect(after).toMatchObject({ slug: 'huoltopaiva', titleFi: 'Huoltopäivä ja grillaus' });
		expect(after.endsAt).toEqual(endsAt);

		await updateEvent(database.db, ev.id, fields({ ...after }), actor, context);
		const trail = await auditOf(ev.id);
		expect(trail.map((a) => a.action)).toEqual(['event.created', 'event.updated']);
		expect(trail[1]?.details).toEqual({ fields: ['titleFi', 'endsAt'] });
	});

	it('moves the deletion date of registrations with the end and the retention days', async () => {
		const { id } = await eventWith(5, 1, 'retention');
		const ev = await reload(id);
		await updateEvent(database.db, id, fields({ ...ev, retentionDays: 30 }), actor, context);
		const [reg] = await database.db.select().from(registration).where(eq(registration.eventId, id));
		expect(reg?.purgeAfter).toEqual(new Date(ev.endsAt.getTime() + 30 * DAY_MS));
	});

	it('publishes to the public list and unpublishes back to draft', async () => {
		const ev = await createEvent(database.db, fields({ titleFi: 'Julkaisutesti' }), actor);
		expect(await findPublicBySlug(database.db, ev.slug)).toBeNull();

		expect(await publish(database.db, ev.id, actor, context)).toMatchObject({ ok: true });
		expect((await listUpcoming(database.db)).map((e) => e.id)).toContain(ev.id);
		expect(await publish(database.db, ev.id, actor, context)).toEqual({
			ok: false,
			reason: 'refused'
		});

		expect(await unpublish(database.db, ev.id, actor)).toMatchObject({ ok: true });
		expect(await findPublicBySlug(database.db, ev.slug)).toBeNull();
		expect(await unpublish(database.db, ev.id, actor)).toEqual({ ok: false, reason: 'refused' });
		expect(await publish(database.db, crypto.randomUUID(), actor, context)).toEqual({
			ok: false,
			reason: 'notFound'
		});
		expect((await auditOf(ev.id)).map((a) => a.action)).toEqual([
			'event.created',
			'event.published',
			'event.unpublished'
		]);
	});

	it('cancels the event and emails every registrant who has not cancelled', async () => {
		const { id, emails } = await eventWith(2, 4, 'cancel');
		// The last in line had already left; they hear nothing more.
		await database.db
			.update(registration)
			.set({ status: 'cancelled', waitlistPosition: null })
			.where(eq(registration.email, emails[3]!));

		expect(await cancelEvent(database.db, id, actor, context)).toMatchObject({
			ok: true,
			notified: 3
		});
		expect(await mailTo(emails, 'registration.event_cancelled')).toEqual(emails.slice(0, 3));
		const [english] = (await database.db.select().from(emailOutbox)).filter(
			(r) => r.template === 'registration.event_cancelled' && r.message?.to === emails[1]
		);
		expect(english?.message?.subject).toBe('Event cancelled: Driver training');
		expect(english?.message?.text).toMatch(/\/en\/manage\/[a-z0-9]+/);

		// A confirmed seat's calendar entry is withdrawn: the same UID, a higher SEQUENCE. The one
		// who only waited never got an entry, so gets no withdrawal either.
		const calendars = async (email: string) =>
			(await database.db.select().from(emailOutbox))
				.filter((r) => r.message?.to === email)
				.sort((a, b) => a.id - b.id)
				// The ticket's inline QR image rides along; only the calendar parts matter here.
				.flatMap((r) => r.message!.attachments)
				.filter((a) => a.contentType.startsWith('text/calendar'))
				.map((a) => parseCalendar(a.content));
		for (const email of emails.slice(0, 2)) {
			const [invitation, withdrawal, ...more] = await calendars(email);
			expect(more).toEqual([]);
			expect(invitation).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED' });
			expect(withdrawal).toMatchObject({
				method: 'CANCEL',
				status: 'CANCELLED',
				uid: invitation!.uid,
				start: invitation!.start
			});
			expect(withdrawal!.sequence).toBeGreaterThan(invitation!.sequence);
		}
		expect(await calendars(emails[2]!)).toEqual([]);

		const ev = await reload(id);
		expect(registrationState(ev)).toBe('cancelled');
		expect((await findPublicBySlug(database.db, ev.slug))?.status).toBe('cancelled');
		expect(await cancelEvent(database.db, id, actor, context)).toEqual({
			ok: false,
			reason: 'refused'
		});
		expect(await publish(database.db, id, actor, context)).toEqual({
			ok: false,
			reason: 'refused'
		});
		expect((await auditOf(id)).at(-1)).toMatchObject({
			action: 'event.cancelled',
			count: 3,
			details: { previousStatus: 'published', notified: 3 }
		});
	});

	it('refuses to lower the capacity below the confirmed count and saves nothing', async () => {
		const { id } = await eventWith(3, 3, 'lower');
		expect(await changeCapacity(database.db, id, 2, actor, context)).toEqual({
			ok: false,
			reason: 'capacityBelowConfirmed',
			confirmed: 3
		});
		const ev = await reload(id);
		const edit = await updateEvent(
			database.db,
			id,
			fields({ ...ev, titleEn: 'Renamed', capacity: 1 }),
			actor,
			context
		);
		expect(edit).toMatchObject({ ok: false, reason: 'capacityBelowConfirmed' });
		expect(await reload(id)).toMatchObject({ capacity: 3, titleEn: ev.titleEn });

		expect(await changeCapacity(database.db, id, 3, actor, context)).toMatchObject({ ok: true });
		expect(await changeCapacity(database.db, id, 5, actor, context)).toMatchObject({
			ok: true,
			promoted: 0
		});
		expect(await changeCapacity(database.db, id, 3, actor, context)).toMatchObject({ ok: true });
		const changes = (await auditOf(id)).filter((a) => a.action === 'event.capacity_changed');
		expect(changes.map((a) => a.details)).toEqual([
			{ from: 3, to: 5, promoted: 0 },
			{ from: 5, to: 3, promoted: 0 }
		]);
	});

	it('promotes the waiting list in order when seats are added, and emails each', async () => {
		const { id, emails } = await eventWith(1, 5, 'raise');
		const result = await changeCapacity(database.db, id, 3, actor, context);
		expect(result).toMatchObject({ ok: true, promoted: 2 });
		expect(await statuses(id)).toEqual({
			[emails[0]!]: 'confirmed',
			[emails[1]!]: 'confirmed',
			[emails[2]!]: 'confirmed',
			[emails[3]!]: 'waitlisted',
			[emails[4]!]: 'waitlisted'
		});
		expect((await reload(id)).confirmedCount).toBe(3);
		expect(await mailTo(emails, 'registration.promoted')).toEqual([emails[1], emails[2]]);

		// Through the edit form: more seats than people waiting.
		const ev = await reload(id);
		await updateEvent(database.db, id, fields({ ...ev, capacity: 10 }), actor, context);
		expect(Object.values(await statuses(id))).toEqual(Array(5).fill('confirmed'));
		expect((await reload(id)).confirmedCount).toBe(5);
		const changes = (await auditOf(id)).filter((a) => a.action === 'event.capacity_changed');
		expect(changes.map((a) => [a.details, a.count])).toEqual([
			[{ from: 1, to: 3, promoted: 2 }, 2],
			[{ from: 3, to: 10, promoted: 2 }, 2]
		]);
	});

	it('fills seats added to a draft only when it is published again', async () => {
		const { id, emails } = await eventWith(1, 2, 'draft-raise');
		await unpublish(database.db, id, actor);
		expect(await changeCapacity(database.db, id, 2, actor, context)).toMatchObject({
			promoted: 0
		});
		expect((await statuses(id))[emails[1]!]).toBe('waitlisted');
		expect(await publish(database.db, id, actor, context)).toMatchObject({ ok: true, promoted: 1 });
		expect((await statuses(id))[emails[1]!]).toBe('confirmed');
		expect(await mailTo(emails, 'registration.promoted')).toEqual([emails[1]]);
	});
});
