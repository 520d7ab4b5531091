import { formatTicketCode } from '../../ticket-code';
import { ticketCode } from '../tickets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../db';
import { emailOutbox, eventReminder, reminderDelivery, type Event } from '../db/schema';
import { processOutbox } from '../mail';
import type { MailContext } from '../mail-context';
import { sendDueReminders } from './send';
import { addReminder, changeReminder, deleteReminder, listReminders } from './manage';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeStaff, outboxTo, seedRegistrants } from '$tests/attendees';

const HOUR = 3_600_000;
const context: MailContext = { origin: ORIGIN, organizer: ORGANIZER };

async function remind(db: Db, ev: Event, values: Partial<typeof eventReminder.$inferInsert> = {}) {
	const [row] = await db
		.insert(eventReminder)
		.values({ eventId: ev.id, hours: 24, ...values })
		.returning();
	return row!;
}

/** An event starting in 10 h: its 24 h reminder's time came 14 h ago. */
async function eventStartingSoon(db: Db, overrides: Partial<Event> = {}) {
	const startsAt = new Date(Date.now() + 10 * HOUR);
	return makeEvent(db, { startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR), ...overrides });
}

const longAgo = () => new Date(Date.now() - 48 * HOUR);

describe.each(DATABASE_KINDS)('reminders on %s', (kind) => {
	let database: Database;
	let db: Db;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		db = database.db;
	});
	afterAll(() => database.close());

	it('go once to confirmed registrants made before their time, with reminders on', async () => {
		const ev = await eventStartingSoon(db, {
			contactName: 'Kalle Kouluttaja',
			contactEmail: 'kalle@wetteri.fi'
		});
		const reminder = await remind(db, ev, { bodyFi: 'Ota ajokortti mukaan.' });
		const [due, late, cancelled, optedOut, waiting, noEmail] = await seedRegistrants(db, ev, [
			{ firstName: 'Due', lastName: 'A', createdAt: longAgo() },
			{ firstName: 'Late', lastName: 'B' },
			{ firstName: 'Cancelled', lastName: 'C', createdAt: longAgo(), status: 'cancelled' },
			{ firstName: 'Off', lastName: 'D', createdAt: longAgo(), remindersEnabled: false },
			{ firstName: 'Waiting', lastName: 'E', createdAt: longAgo(), status: 'waitlisted' },
			{ firstName: 'NoMail', lastName: 'F', createdAt: longAgo(), email: null }
		]);
		// Another event whose reminder's time has not come.
		const later = await makeEvent(db, { startsAt: new Date(Date.now() + 48 * HOUR) });
		await remind(db, later);
		const [notYet] = await seedRegistrants(db, later, [
			{ firstName: 'Later', lastName: 'G', createdAt: longAgo() }
		]);

		const first = await sendDueReminders(db, { context });
		expect(first).toMatchObject({ ran: true });
		const [mail, ...more] = await outboxTo(db, due!.email!);
		expect(more).toEqual([]);
		expect(mail!.template).toBe('reminder.before_start');
		expect(mail!.message!.subject).toContain(`Muistutus: ${ev.titleFi}`);
		expect(mail!.message!.replyTo).toBe('kalle@wetteri.fi');
		expect(mail!.message!.text).toContain('Ota ajokortti mukaan.');
		expect(mail!.message!.text).toContain('Kalle Kouluttaja');
		expect(mail!.message!.text).toMatch(new RegExp(`${ORIGIN}/manage/[a-z0-9]+/cancel/${due!.id}`));
		const [calendar, png] = mail!.message!.attachments;
		const ics = String(calendar?.content);
		// The ticket comes again, inline: the mail people open at the door.
		// Only its code: the mail worker draws the QR when it sends (tickets/tickets.test.ts).
		expect(png).toMatchObject({
			contentType: 'image/png',
			content: '',
			ticketCode: ticketCode(due!.id, 1)
		});
		expect(mail!.message!.html).toContain(`src="cid:${png!.cid}"`);
		expect(mail!.message!.text).toContain(formatTicketCode(ticketCode(due!.id, 1)));
		expect(ics).toContain('METHOD:REQUEST');
		expect(ics).toContain('SEQUENCE:0');
		for (const reg of [late, cancelled, optedOut, waiting, notYet]) {
			expect(await outboxTo(db, reg!.email!)).toEqual([]);
		}
		expect(noEmail!.email).toBeNull();
		const [stored] = await db.select().from(eventReminder).where(eq(eventReminder.id, reminder.id));
		expect(stored!.sentAt).not.toBeNull();
		expect(stored!.queuedCount).toBe(1);

		// A restart runs the job again: nothing goes twice.
		await sendDueReminders(db, { context });
		expect(await outboxTo(db, due!.email!)).toHaveLength(1);
	});

	it('go exactly once with three runners at the same time, over more than one batch', async () => {
		const ev = await eventStartingSoon(db, { capacity: 40 });
		await remind(db, ev);
		const regs = await seedRegistrants(
			db,
			ev,
			Array.from({ length: 25 }, (_, i) => ({
				firstName: `R${i}`,
				lastName: 'X',
				createdAt: longAgo()
			}))
		);
		// On PostgreSQL each run has its own connection from the pool, so they truly overlap.
		await Promise.all([1, 2, 3].map(() => sendDueReminders(db, { context, batchSize: 10 })));
		await sendDueReminders(db, { context });
		const rows = await db.select().from(emailOutbox);
		const counts = new Map<string, number>();
		for (const row of rows) counts.set(row.message!.to, (counts.get(row.message!.to) ?? 0) + 1);
		for (const reg of regs) expect(counts.get(reg.email!)).toBe(1);
	});

	it('send nothing from a run that crashed, and everything once on the next run', async () => {
		const ev = await eventStartingSoon(db);
		const reminder = await remind(db, ev);
		const regs = await seedRegistrants(db, ev, [
			{ firstName: 'One', lastName: 'X', createdAt: longAgo() },
			{ firstName: 'Two', lastName: 'X', createdAt: longAgo() }
		]);
		let reads = 0;
		// The process dies while the batch is half written: the transaction rolls back.
		const crashing: MailContext = {
			organizer: ORGANIZER,
			get origin() {
				if (++reads > 5) throw new Error('crash');
				return ORIGIN;
			}
		};
		await expect(sendDueReminders(db, { context: crashing })).rejects.toThrow('crash');
		expect(
			await db.select().from(reminderDelivery).where(eq(reminderDelivery.reminderId, reminder.id))
		).toEqual([]);
		await sendDueReminders(db, { context });
		for (const reg of regs) expect(await outboxTo(db, reg.email!)).toHaveLength(1);
	});

	it('stay in the outbox while SMTP is down, and are not queued again', async () => {
		const ev = await eventStartingSoon(db);
		await remind(db, ev);
		const [reg] = await seedRegistrants(db, ev, [
			{ firstName: 'Smtp', lastName: 'Down', createdAt: longAgo() }
		]);
		await sendDueReminders(db, { context });
		const down = {
			kind: 'smtp' as const,
			send: () => Promise.reject(new Error('connect ECONNREFUSED')),
			close() {}
		};
		await processOutbox(db, down, 1000);
		const [row] = await outboxTo(db, reg!.email!);
		expect(row!.status).toBe('pending');
		await sendDueReminders(db, { context });
		expect(await outboxTo(db, reg!.email!)).toHaveLength(1);
		const [delivery] = await db
			.select()
			.from(reminderDelivery)
			.where(eq(reminderDelivery.registrationId, reg!.id));
		expect(delivery!.outboxId).toBe(row!.id);
		await db.delete(emailOutbox).where(eq(emailOutbox.id, row!.id));
	});

	it('send the after-event message only to those checked in', async () => {
		const endsAt = new Date(Date.now() - 3 * HOUR);
		const ev = await makeEvent(db, { startsAt: new Date(endsAt.getTime() - 2 * HOUR), endsAt });
		await remind(db, ev, {
			kind: 'after_end',
			hours: 2,
			subjectFi: 'Kiitos!',
			bodyFi: 'Materiaalit: https://example.fi/m',
			subjectSv: 'Tack!',
			bodySv: 'Material: https://example.fi/m'
		});
		const [came, away] = await seedRegistrants(db, ev, [
			{ firstName: 'Came', lastName: 'X', createdAt: longAgo(), checkedInAt: endsAt, locale: 'sv' },
			{ firstName: 'Away', lastName: 'X', createdAt: longAgo() }
		]);
		await sendDueReminders(db, { context });
		const [mail] = await outboxTo(db, came!.email!);
		expect(mail!.template).toBe('reminder.after_end');
		expect(mail!.message!.subject).toBe('Tack!');
		expect(mail!.message!.text).toContain('Material: https://example.fi/m');
		expect(mail!.message!.attachments).toEqual([]);
		expect(await outboxTo(db, away!.email!)).toEqual([]);
	});

	it('show staff when each goes out and, once sent, how the mail went; a sent one stays', async () => {
		const staff = await makeStaff(db);
		const ev = await eventStartingSoon(db);
		const added = await addReminder(
			db,
			ev.id,
			{ hours: 24, bodyFi: '', bodySv: '', bodyEn: '' },
			staff
		);
		expect(added.ok).toBe(true);
		expect(
			await addReminder(db, ev.id, { hours: 24, bodyFi: '', bodySv: '', bodyEn: '' }, staff)
		).toEqual({ ok: false, reason: 'duplicate' });
		const [before] = await listReminders(db, ev);
		expect(before!.dueAt).toEqual(new Date(ev.startsAt.getTime() - 24 * HOUR));
		expect(before!.sentAt).toBeNull();
		await seedRegistrants(db, ev, [{ firstName: 'S', lastName: 'X', createdAt: longAgo() }]);
		await sendDueReminders(db, { context });
		const [after] = await listReminders(db, ev);
		expect(after).toMatchObject({ queuedCount: 1, waiting: 1, failed: 0, delivered: 0 });
		const id = after!.id;
		expect(await changeReminder(db, ev.id, id, { hours: 30 }, staff)).toEqual({
			ok: false,
			reason: 'sent'
		});
		expect(await changeReminder(db, ev.id, id, { enabled: false }, staff)).toEqual({ ok: true });
		// Deleting would drop who got it, and adding it back would send it to everyone again.
		expect(await deleteReminder(db, ev.id, id, staff)).toEqual({ ok: false, reason: 'sent' });
		expect(await listReminders(db, ev)).toMatchObject([{ id, queuedCount: 1 }]);
		expect(
			await db.select().from(reminderDelivery).where(eq(reminderDelivery.reminderId, id))
		).toHaveLength(1);
	});
});
