import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import type { Database } from '../db';
import { emailOutbox, registration, type OutboxRow } from '../db/schema';
import { register } from '../registrations';
import * as tokens from '../tokens';
import {
	claimDue,
	countByStatus,
	hashRecipient,
	markFailed,
	markRetry,
	markSent,
	MAX_ATTEMPTS
} from './outbox';
import { createSmtpTransport, type MailTransport } from './transport';
import { processOutbox, startMailWorker } from './worker';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { freePort } from '$tests/postgres-server';
import { startSmtpSink, type SmtpSink } from '$tests/smtp-sink';
import { parseCalendar, wholeSeconds } from '$tests/calendar';

const SENDER = { from: 'Ilmo <ilmo@ilmo.test>', replyTo: 'asiakaspalvelu@ilmo.test' };
/** 128 random bits in base32 at the sender's domain. */
const MESSAGE_ID = /^<[a-z2-7]{26}@ilmo\.test>$/;

function recipientOf(mail: ParsedMail): string | undefined {
	const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
	return to?.value[0]?.address;
}

describe.each(DATABASE_KINDS)('mail worker on %s', (kind) => {
	let database: Database;
	let sink: SmtpSink;
	const transports: MailTransport[] = [];

	beforeAll(async () => {
		database = await openTestDatabase(kind, { maxConnections: 10 });
		sink = await startSmtpSink();
	});
	afterAll(async () => {
		await sink?.close();
		await database?.close();
	});
	beforeEach(async () => {
		// processOutbox takes everything that is due, so each test starts from an empty outbox.
		await database.db.delete(emailOutbox);
		sink.messages.length = 0;
		sink.rejectRecipients = null;
	});
	afterEach(() => {
		for (const transport of transports.splice(0)) transport.close();
	});

	const smtp = (url = sink.url) => {
		const transport = createSmtpTransport(url, SENDER);
		transports.push(transport);
		return transport;
	};

	const signUp = async (
		ev: Awaited<ReturnType<typeof makeEvent>>,
		overrides = {},
		locale: 'fi' | 'en' = 'fi'
	) => {
		const data = makeSignup(overrides);
		const result = await register(database.db, {
			event: ev,
			data,
			locale,
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error(`sign-up failed: ${result.reason}`);
		return { ...result, email: data.email };
	};

	const outboxRows = () => database.db.select().from(emailOutbox).orderBy(emailOutbox.id);

	const onlyRow = async (): Promise<OutboxRow> => {
		const rows = await outboxRows();
		expect(rows).toHaveLength(1);
		return rows[0]!;
	};

	/** Whether the database, on its own clock, considers the row's next attempt still ahead. */
	const dueInSeconds = async (id: number) => {
		const [row] = await database.db
			.select({
				seconds: sql<number>`extract(epoch from ${emailOutbox.nextAttemptAt} - now())::float8`
			})
			.from(emailOutbox)
			.where(eq(emailOutbox.id, id));
		return Number(row!.seconds);
	};

	const makeDue = (id: number) =>
		database.db
			.update(emailOutbox)
			.set({ nextAttemptAt: sql`now()` })
			.where(eq(emailOutbox.id, id));

	it('delivers a Finnish confirmation once, then forgets its body and recipient', async () => {
		const ev = await makeEvent(database.db);
		const signup = await signUp(ev, { firstName: 'Eero', email: 'Eero.Korhonen@Example.FI' });

		const result = await processOutbox(database.db, smtp());
		expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
		const mail = sink.messages[0]!;

		expect(mail.subject).toBe(`Ilmoittautuminen vahvistettu: ${ev.titleFi}`);
		// nodemailer lower-cases the domain (it is case-insensitive) but keeps the local part as typed.
		expect(recipientOf(mail)).toBe('Eero.Korhonen@example.fi');
		expect(mail.from?.value[0]?.address).toBe('ilmo@ilmo.test');
		// Replies reach a person; auto-responders leave it alone.
		expect(mail.replyTo?.value.map((a) => a.address)).toEqual(['asiakaspalvelu@ilmo.test']);
		expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
		expect(mail.text).toContain('Hei Eero,');
		expect(mail.text).toContain('Paikkasi tapahtumaan on vahvistettu.');
		expect(mail.text).not.toContain('Hello');

		const manage = new RegExp(`${ORIGIN}/manage/([a-z0-9]+)`).exec(mail.text ?? '');
		expect(manage).not.toBeNull();
		const token = await tokens.find(database.db, manage![1]!, 'manage');
		expect(token?.registrationId).toBe(signup.registrationId);
		expect(mail.text).toContain(`${ORIGIN}/events/${ev.slug}`);
		expect(mail.text).not.toContain(`${ORIGIN}/en/`);
		expect(mail.html).toContain(`href="${manage![0]}"`);
		expect(mail.html).toContain('<html lang="fi">');

		// The calendar entry travels as a file and as a text/calendar part with its method, beside
		// the ticket's QR code (tickets/tickets.test.ts reads it).
		expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
			['ticket.png', 'image/png'],
			[undefined, 'text/calendar'],
			['event.ics', 'text/calendar']
		]);
		const ics = mail.attachments[2]!;
		expect(ics.headers.get('content-type')).toMatchObject({ params: { method: 'REQUEST' } });
		const calendar = parseCalendar(ics.content.toString('utf8'));
		expect(calendar).toMatchObject({
			method: 'REQUEST',
			uid: `registration-${signup.registrationId}@${new URL(ORIGIN).hostname}`,
			sequence: 0,
			status: 'CONFIRMED',
			start: wholeSeconds(ev.startsAt),
			end: wholeSeconds(ev.endsAt),
			organizer: { email: ORGANIZER.email },
			attendees: [
				{
					name: 'Eero Virtanen',
					email: 'Eero.Korhonen@Example.FI',
					params: { rsvp: 'FALSE', partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }
				}
			]
		});
		expect(ics.content.toString('utf8')).toMatch(/^DTSTART:\d{8}T\d{6}Z\r$/m);
		const [stored] = await database.db
			.select({ calendarSequence: registration.calendarSequence })
			.from(registration)
			.where(eq(registration.id, signup.registrationId));
		expect(stored?.calendarSequence).toBe(1);

		const row = await onlyRow();
		expect(mail.messageId).toMatch(MESSAGE_ID);
		expect(row).toMatchObject({
			template: 'registration.confirmed',
			status: 'sent',
			message: null,
			attempts: 1,
			lockedUntil: null,
			lastError: null,
			recipientHash: hashRecipient('eero.korhonen@example.fi')
		});
		expect(row.sentAt).toBeInstanceOf(Date);

		// Nothing is left to send, so a second run must not deliver it again.
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
	});

	it('writes an English waiting-list message with links under /en', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		await signUp(ev, {}, 'fi');
		const queued = await signUp(ev, { firstName: 'Emma', email: 'emma@example.com' }, 'en');
		expect(queued).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 2, retried: 0, failed: 0 });
		const mail = sink.messages.find((m) => recipientOf(m) === 'emma@example.com');
		expect(mail).toBeDefined();
		expect(mail!.subject).toBe(`You are on the waiting list: ${ev.titleEn}`);
		expect(mail!.text).toContain('Hello Emma,');
		expect(mail!.text).toContain('you are number 1 on the waiting list');
		expect(mail!.text).not.toContain('Hei ');
		const manage = new RegExp(`${ORIGIN}/en/manage/([a-z0-9]+)`).exec(mail!.text ?? '');
		expect(manage).not.toBeNull();
		const token = await tokens.find(database.db, manage![1]!, 'manage');
		expect(token?.registrationId).toBe(queued.registrationId);
		expect(mail!.text).toContain(`${ORIGIN}/en/events/${ev.slug}`);
		expect(mail!.html).toContain('<html lang="en">');
		// A waiting-list place is not a seat: nothing goes into the calendar, and nothing promises it.
		expect(mail!.attachments).toEqual([]);
		expect(mail!.text).not.toMatch(/calendar|\.ics/i);

		const rows = await outboxRows();
		expect(rows.map((r) => r.template).sort()).toEqual([
			'registration.confirmed',
			'registration.waitlisted'
		]);
		expect(rows.every((r) => r.status === 'sent' && r.message === null)).toBe(true);
	});

	it('keeps the registration and retries later when the SMTP server is down', async () => {
		const closedPort = await freePort();
		const ev = await makeEvent(database.db);
		const signup = await signUp(ev);

		const down = await processOutbox(database.db, smtp(`smtp://127.0.0.1:${closedPort}`));
		expect(down).toEqual({ sent: 0, retried: 1, failed: 0 });

		const [stored] = await database.db
			.select()
			.from(registration)
			.where(eq(registration.id, signup.registrationId));
		expect(stored?.status).toBe('confirmed');

		const row = await onlyRow();
		expect(row).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
		expect(row.lastError).toMatch(/ECONNREFUSED/);
		expect(row.message?.to).toBe(signup.email);
		// First retry after 30 s ± 20 % jitter; a little slack for the time since markRetry ran.
		const wait = await dueInSeconds(row.id);
		expect(wait).toBeGreaterThan(20);
		expect(wait).toBeLessThanOrEqual(36);

		// Not due yet: a run now must leave it alone even though the server is back.
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(0);

		await makeDue(row.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
		expect(recipientOf(sink.messages[0]!)).toBe(signup.email);
		expect(await onlyRow()).toMatchObject({
			status: 'sent',
			attempts: 2,
			message: null,
			lastError: null
		});
	});

	it('retries a temporary 451 refusal with growing back-off, then delivers once', async () => {
		const ev = await makeEvent(database.db);
		const signup = await signUp(ev);
		sink.rejectRecipients = 451;

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 1, failed: 0 });
		let row = await onlyRow();
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row.lastError).toMatch(/451/);
		expect(await dueInSeconds(row.id)).toBeGreaterThan(0);

		await makeDue(row.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 1, failed: 0 });
		row = await onlyRow();
		expect(row).toMatchObject({ status: 'pending', attempts: 2 });
		// Second attempt waits 60 s ± 20 %, longer than any first wait could be.
		expect(await dueInSeconds(row.id)).toBeGreaterThan(40);
		expect(sink.messages).toHaveLength(0);

		sink.rejectRecipients = null;
		await makeDue(row.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 1, retried: 0, failed: 0 });
		await makeDue(row.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
		expect(recipientOf(sink.messages[0]!)).toBe(signup.email);
		expect(await onlyRow()).toMatchObject({ status: 'sent', attempts: 3, message: null });
	});

	it('marks a message failed on a permanent 550 refusal and never retries it', async () => {
		const ev = await makeEvent(database.db);
		const signup = await signUp(ev);
		sink.rejectRecipients = 550;

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 1 });
		const row = await onlyRow();
		expect(row).toMatchObject({ status: 'failed', attempts: 1, lockedUntil: null });
		expect(row.lastError).toMatch(/550/);

		sink.rejectRecipients = null;
		await makeDue(row.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(0);
		expect(await onlyRow()).toMatchObject({ status: 'failed', attempts: 1 });
		expect(await countByStatus(database.db)).toEqual({ failed: 1 });
		const [stored] = await database.db
			.select()
			.from(registration)
			.where(eq(registration.id, signup.registrationId));
		expect(stored).toBeDefined();
	});

	it('parks a message as failed after the last allowed attempt', async () => {
		const ev = await makeEvent(database.db);
		await signUp(ev);
		const row = await onlyRow();
		await database.db
			.update(emailOutbox)
			.set({ attempts: MAX_ATTEMPTS - 1 })
			.where(eq(emailOutbox.id, row.id));
		sink.rejectRecipients = 451;

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 1, failed: 0 });
		expect(await onlyRow()).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
		await makeDue(row.id);
		sink.rejectRecipients = null;
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(0);
	});

	it('fails a claimed row that has no body instead of sending an empty message', async () => {
		const ev = await makeEvent(database.db);
		await signUp(ev);
		const row = await onlyRow();
		await database.db.update(emailOutbox).set({ message: null }).where(eq(emailOutbox.id, row.id));

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 1 });
		expect(await onlyRow()).toMatchObject({ status: 'failed', lastError: 'message body missing' });
		expect(sink.messages).toHaveLength(0);
	});

	it('delivers each of 30 messages exactly once with two workers running at the same time', async () => {
		const ev = await makeEvent(database.db, { capacity: 40 });
		const emails: string[] = [];
		for (let i = 0; i < 30; i++)
			emails.push((await signUp(ev, { email: `crowd.${i}@example.fi` })).email);

		// Small batches make the workers come back for more while the other one holds claims.
		const [a, b] = await Promise.all([
			processOutbox(database.db, smtp(), 3),
			processOutbox(database.db, smtp(), 3)
		]);
		expect(a.sent + b.sent).toBe(30);
		expect(a.sent).toBeGreaterThan(0);
		expect(b.sent).toBeGreaterThan(0);
		expect(a.retried + a.failed + b.retried + b.failed).toBe(0);

		expect(sink.messages).toHaveLength(30);
		const ids = sink.messages.map((m) => m.messageId);
		expect(new Set(ids).size).toBe(30);
		expect(ids.every((id) => MESSAGE_ID.test(id ?? ''))).toBe(true);
		expect(sink.messages.map(recipientOf).sort()).toEqual([...emails].sort());

		const rows = await outboxRows();
		expect(rows).toHaveLength(30);
		// A row claimed twice would show a second attempt.
		expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
	});

	it('stopping mid-batch finishes the message in hand and hands the rest back unsent', async () => {
		const ev = await makeEvent(database.db, { capacity: 10 });
		for (let i = 0; i < 5; i++) await signUp(ev, { email: `stopping.${i}@example.fi` });
		let stopping = false;
		const inner = smtp();
		const transport: MailTransport = {
			...inner,
			send: async (mail) => {
				await inner.send(mail);
				stopping = true; // a SIGTERM arrives while the first message is being sent
			},
			close: () => inner.close()
		};
		const result = await processOutbox(database.db, transport, 10, () => stopping);
		expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
		const rows = await outboxRows();
		expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
		const released = rows.filter((r) => r.status !== 'sent');
		expect(released).toHaveLength(4);
		// Handed back as they were: due now for any instance, and the claim did not count as a try.
		expect(released.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
		expect(released.every((r) => r.lockedUntil === null)).toBe(true);

		const rest = await processOutbox(database.db, smtp());
		expect(rest.sent).toBe(4);
		expect(sink.messages).toHaveLength(5);
		expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(5);
	});

	it('never sends a message again because recording its delivery failed for a moment', async () => {
		const ev = await makeEvent(database.db);
		await signUp(ev);
		// The first attempt to record the delivery fails as if the database had gone away; the
		// message is on its way already, so it must be recorded (retried), not sent again.
		let updates = 0;
		const flaky = new Proxy(database.db, {
			get(target, property, receiver) {
				if (property === 'update') {
					return (...args: Parameters<typeof target.update>) => {
						updates++;
						if (updates === 2)
							throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
						return target.update(...args);
					};
				}
				return Reflect.get(target, property, receiver);
			}
		});
		const result = await processOutbox(flaky, smtp());
		expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages).toHaveLength(1);
		const row = await onlyRow();
		expect(row.status).toBe('sent');
		expect(row.attempts).toBe(1);
	});

	it('reclaims a message whose sender died mid-send once its lease has run out', async () => {
		const ev = await makeEvent(database.db);
		const stale = await signUp(ev);
		const held = await signUp(ev);
		const [staleRow, heldRow] = await outboxRows();
		await database.db
			.update(emailOutbox)
			.set({ status: 'sending', attempts: 1, lockedUntil: sql`now() - interval '1 minute'` })
			.where(eq(emailOutbox.id, staleRow!.id));
		// Another worker's live claim must be left alone.
		await database.db
			.update(emailOutbox)
			.set({ status: 'sending', attempts: 1, lockedUntil: sql`now() + interval '5 minutes'` })
			.where(eq(emailOutbox.id, heldRow!.id));

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 1, retried: 0, failed: 0 });
		expect(sink.messages.map(recipientOf)).toEqual([stale.email]);
		const [staleAfter, heldAfter] = await outboxRows();
		expect(staleAfter).toMatchObject({ status: 'sent', attempts: 2, message: null });
		expect(heldAfter).toMatchObject({ status: 'sending', attempts: 1 });
		expect(heldAfter!.message?.to).toBe(held.email);
	});

	it('gives the first message of two installations different Message-IDs', async () => {
		// A fresh installation, a staging copy or a restore starts its outbox ids at 1 again.
		const other = await openTestDatabase(kind);
		try {
			for (const db of [database.db, other.db]) {
				await db.delete(emailOutbox);
				await db.execute(sql`alter table email_outbox alter column id restart with 1`);
				const ev = await makeEvent(db);
				const result = await register(db, {
					event: ev,
					data: makeSignup({ email: 'same@example.fi' }),
					locale: 'fi',
					origin: ORIGIN,
					organizer: ORGANIZER
				});
				expect(result.ok).toBe(true);
				const [row] = await db.select().from(emailOutbox);
				expect(row?.id).toBe(1);
				expect(await processOutbox(db, smtp())).toMatchObject({ sent: 1 });
			}
		} finally {
			await other.close();
		}
		const ids = sink.messages.map((m) => m.messageId);
		expect(ids).toHaveLength(2);
		expect(ids.every((id) => MESSAGE_ID.test(id ?? ''))).toBe(true);
		expect(ids[0]).not.toBe(ids[1]);
	});

	it('sends a message again under the same Message-ID when its first sender died', async () => {
		const ev = await makeEvent(database.db);
		await signUp(ev);
		// The first worker delivers, then dies before recording it; its lease runs out.
		const [claimed] = await claimDue(database.db, 10);
		await smtp().send({ id: claimed!.id, message: claimed!.message! });
		await database.db
			.update(emailOutbox)
			.set({ lockedUntil: sql`now() - interval '1 second'` })
			.where(eq(emailOutbox.id, claimed!.id));

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 1, retried: 0, failed: 0 });
		// Delivered twice, recognisably one message: the receiver can drop the repeat.
		expect(sink.messages).toHaveLength(2);
		const [first, again] = sink.messages.map((m) => m.messageId);
		expect(first).toMatch(MESSAGE_ID);
		expect(again).toBe(first);
	});

	it('ignores the late outcome of a worker that outlived its lease', async () => {
		const ev = await makeEvent(database.db);
		const signup = await signUp(ev);
		const [late] = await claimDue(database.db, 10);
		expect(late).toMatchObject({ status: 'sending', attempts: 1 });
		await database.db
			.update(emailOutbox)
			.set({ lockedUntil: sql`now() - interval '1 second'` })
			.where(eq(emailOutbox.id, late!.id));

		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 1, retried: 0, failed: 0 });
		const delivered = await onlyRow();
		expect(delivered).toMatchObject({ status: 'sent', attempts: 2, message: null });

		// The first worker wakes up and reports what happened to its own, long expired, attempt.
		await markRetry(database.db, late!, 'socket timed out');
		await markFailed(database.db, late!, 'socket timed out');
		await markSent(database.db, late!);
		expect(await onlyRow()).toEqual(delivered);

		await makeDue(late!.id);
		expect(await processOutbox(database.db, smtp())).toEqual({ sent: 0, retried: 0, failed: 0 });
		expect(sink.messages.map(recipientOf)).toEqual([signup.email]);
	});

	it('startMailWorker delivers on wake() without waiting for its poll, and stops cleanly', async () => {
		const ev = await makeEvent(database.db);
		// A first message that the sink defers gives a way to know the worker has gone to sleep:
		// it logs the retry right before it starts waiting.
		await signUp(ev);
		sink.rejectRecipients = 451;
		let closed = 0;
		const inner = smtp();
		const transport: MailTransport = {
			kind: inner.kind,
			send: (mail) => inner.send(mail),
			close: () => {
				closed++;
				inner.close();
			}
		};
		const logs: string[] = [];
		let sleeping!: () => void;
		const asleep = new Promise<void>((resolve) => (sleeping = resolve));
		const worker = startMailWorker(database.db, transport, {
			// Far longer than the test may take: only wake() can bring the next message out.
			intervalMs: 600_000,
			log: (message) => {
				logs.push(message);
				sleeping();
			}
		});
		try {
			await asleep;
			expect(logs).toEqual(['[mail] sent 0, will retry 1, failed 0']);
			expect(sink.messages).toHaveLength(0);

			sink.rejectRecipients = null;
			const second = await signUp(ev, { email: 'woken@example.fi' });
			worker.wake();
			const received = await sink.waitFor(1, 10_000);
			expect(received.map(recipientOf)).toEqual([second.email]);
		} finally {
			await worker.stop();
		}
		expect(closed).toBe(1);
		const rows = await outboxRows();
		expect(rows.map((r) => r.status)).toEqual(['pending', 'sent']);
		expect(sink.messages).toHaveLength(1);
	});

	it('stop() resolves while the worker is idle', async () => {
		const transport = smtp();
		const worker = startMailWorker(database.db, transport, { intervalMs: 600_000 });
		await expect(worker.stop()).resolves.toBeUndefined();
	});
});
