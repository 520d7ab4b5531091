import { describe, expect, it } from 'vitest';
import { openStaffScene } from '$tests/scene';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
	event,
	eventMessage,
	eventMessageRecipient,
	eventReminder,
	registration,
	reminderDelivery,
	type Event
} from '../db/schema';
import { anonymiseRegistrations } from '../registrations/anonymise';
import { exportData, type ManageView } from '../registrations/manage';
import { runRetention } from '../retention/run';
import { accessReport, findPersonData, reportText } from '.';
import { seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';

const DAY = 86_400_000;
const CONTEXT = {
	origin: ORIGIN,
	controller: { name: ORGANIZER.name, address: 'Pollenkuja 6', email: ORGANIZER.email, phone: '' }
};

/**
 * The personal data the coordinator's features add: who got which reminder and message, whether
 * reminders are on, and a seat held for an offer. Each must show in the access report and the
 * download, and go with anonymisation and retention.
 */
describe.each(DATABASE_KINDS)('reminders, messages and offers as personal data on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	/** Åsa (Swedish, reminders off) got a reminder and a message; Bo holds an offered seat. */
	async function scene(ev: Event, tag: string) {
		const [asa, bo] = await seedRegistrants(db, ev, [
			{
				firstName: 'Åsa',
				lastName: 'Lind',
				email: `asa.${tag}@example.fi`,
				locale: 'sv',
				remindersEnabled: false
			},
			{ firstName: 'Bo', lastName: 'Berg', email: `bo.${tag}@example.fi`, status: 'waitlisted' }
		]);
		const offerEnds = new Date(ev.startsAt.getTime() - DAY);
		// The offered seat is held in the event's count, as the offer code holds it.
		await db
			.update(registration)
			.set({ offerExpiresAt: offerEnds })
			.where(eq(registration.id, bo!.id));
		const [held] = await db
			.update(event)
			.set({ confirmedCount: ev.confirmedCount + 2 })
			.where(eq(event.id, ev.id))
			.returning();
		const [reminder] = await db
			.insert(eventReminder)
			.values({ eventId: ev.id, hours: 168 })
			.returning();
		const [message] = await db
			.insert(eventMessage)
			.values({
				eventId: ev.id,
				authorId: staff.id,
				audience: ['confirmed'],
				subjectFi: 'Pysäköinti',
				subjectSv: 'Parkering',
				bodyFi: 'Pysäköi pihalle.',
				status: 'sent',
				recipientCount: 1,
				sentAt: new Date()
			})
			.returning();
		await db.insert(reminderDelivery).values({ reminderId: reminder!.id, registrationId: asa!.id });
		await db
			.insert(eventMessageRecipient)
			.values({ messageId: message!.id, registrationId: asa!.id });
		return { asa: asa!, bo: bo!, offerEnds, held: held!, message: message! };
	}

	it('shows reminders, messages and an open offer in the access report and the download', async () => {
		const ev = await makeEvent(db, { capacity: 2 });
		const s = await scene(ev, 'report');

		// Seeded under one person key, so each report holds both; each registration has its own log.
		const data = await findPersonData(db, { email: s.asa.email! });
		const report = accessReport(data, null, CONTEXT);
		const asa = report.registrations.find((r) => r.firstName === 'Åsa');
		expect(asa).toMatchObject({
			remindersEnabled: false,
			openOffer: null,
			remindersSent: [{ kind: 'before_start', hours: 168 }],
			messagesReceived: [{ subject: 'Parkering', marketing: false }]
		});
		// The message's text is the event's, not the person's: the subject stands for it.
		expect(JSON.stringify(asa)).not.toContain('Pysäköi pihalle');
		const text = reportText(report, 'sv');
		expect(text).toContain('Påminnelser om evenemanget: av');
		expect(text).toContain('Skickade påminnelser:');
		expect(text).toContain('168 h före början');
		expect(text).toContain(': Parkering');

		const bo = report.registrations.find((r) => r.firstName === 'Bo');
		expect(bo).toMatchObject({
			remindersEnabled: true,
			openOffer: { expiresAt: s.offerEnds.toISOString() },
			remindersSent: [],
			messagesReceived: []
		});
		expect(reportText(report, 'fi')).toContain('Avoin paikkatarjous, vastattava viimeistään:');

		// The manage page's download gives the same record.
		const download = await exportData(
			db,
			{ emailNormalised: s.asa.emailNormalised } as ManageView,
			{ ...CONTEXT.controller, privacyUrl: `${ORIGIN}/privacy` }
		);
		expect(download.registrations.find((r) => r.firstName === 'Åsa')).toMatchObject({
			remindersEnabled: false,
			messagesReceived: [{ subject: 'Parkering' }],
			remindersSent: [{ hours: 168 }]
		});
	});

	it('anonymising removes the mail log and gives an offered seat back', async () => {
		const ev = await makeEvent(db, { capacity: 2 });
		const s = await scene(ev, 'anon');
		await db.transaction((tx) =>
			anonymiseRegistrations(tx, [s.asa.id, s.bo.id], { now: new Date() })
		);
		const ids = [s.asa.id, s.bo.id];
		expect(
			await db.select().from(reminderDelivery).where(inArray(reminderDelivery.registrationId, ids))
		).toEqual([]);
		expect(
			await db
				.select()
				.from(eventMessageRecipient)
				.where(inArray(eventMessageRecipient.registrationId, ids))
		).toEqual([]);
		const [bo] = await db.select().from(registration).where(eq(registration.id, s.bo.id));
		expect(bo).toMatchObject({ status: 'cancelled', offerExpiresAt: null, waitlistPosition: null });
		const [after] = await db.select().from(event).where(eq(event.id, ev.id));
		expect(after!.confirmedCount).toBe(s.held.confirmedCount - 1);
		// The message itself stays with the event until the event's retention date.
		expect(
			await db.select().from(eventMessage).where(eq(eventMessage.id, s.message.id))
		).toHaveLength(1);
	});

	it("deletes the event's messages with its retention date, not before", async () => {
		const ended = new Date(Date.now() - 10 * DAY);
		const past = await makeEvent(db, {
			startsAt: new Date(ended.getTime() - 3_600_000),
			endsAt: ended,
			retentionDays: 5
		});
		const kept = await makeEvent(db, {
			startsAt: new Date(ended.getTime() - 3_600_000),
			endsAt: ended,
			retentionDays: 30
		});
		const values = {
			audience: ['confirmed' as const],
			subjectFi: 'Kiitos',
			status: 'sent' as const
		};
		const [gone] = await db
			.insert(eventMessage)
			.values({ eventId: past.id, ...values })
			.returning();
		const [stays] = await db
			.insert(eventMessage)
			.values({ eventId: kept.id, ...values })
			.returning();

		const outcome = await runRetention(db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.messagesDeleted).toBeGreaterThanOrEqual(1);
		const left = await db
			.select({ id: eventMessage.id })
			.from(eventMessage)
			.where(inArray(eventMessage.id, [gone!.id, stays!.id]));
		expect(left).toEqual([{ id: stays!.id }]);
	});
});
