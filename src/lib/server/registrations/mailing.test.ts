import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { emailOutbox, type Event } from '../db/schema';
import { processOutbox } from '../mail/worker';
import { createSmtpTransport } from '../mail/transport';
import { register } from './index';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { startSmtpSink, type SmtpSink } from '$tests/smtp-sink';

const SENDER = { from: 'Ilmo <ilmo@ilmo.test>', replyTo: 'asiakaspalvelu@ilmo.test' };

/** Replies to an event's mails reach its contact person, through a real SMTP round trip. */
describe.each(DATABASE_KINDS)('registration mail contact on %s', (kind) => {
	let database: Database;
	let sink: SmtpSink;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		sink = await startSmtpSink();
	});
	afterAll(async () => {
		await sink?.close();
		await database?.close();
	});
	beforeEach(async () => {
		await database.db.delete(emailOutbox);
		sink.messages.length = 0;
	});

	const signUpAndSend = async (ev: Event, locale: 'fi' | 'sv' | 'en' = 'fi') => {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup(),
			locale,
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		const transport = createSmtpTransport(sink.url, SENDER);
		try {
			expect(await processOutbox(database.db, transport)).toMatchObject({ sent: 1 });
		} finally {
			transport.close();
		}
		return sink.messages[0]!;
	};

	it("sets Reply-To to the event's contact person and names them in the mail", async () => {
		const ev = await makeEvent(database.db, {
			contactName: 'Kaisa Koulu',
			contactEmail: 'kaisa.koulu@wetteri.test',
			contactPhone: '+358401234567'
		});
		const mail = await signUpAndSend(ev);
		expect(mail.replyTo?.value.map((a) => a.address)).toEqual(['kaisa.koulu@wetteri.test']);
		expect(mail.text).toContain('Kysymykset: Kaisa Koulu, kaisa.koulu@wetteri.test, 040 123 4567');
		expect(mail.html).toContain('mailto:kaisa.koulu@wetteri.test');
	});

	it('keeps the site-wide Reply-To and adds no contact line for an event without one', async () => {
		const ev = await makeEvent(database.db);
		const mail = await signUpAndSend(ev, 'sv');
		expect(mail.replyTo?.value.map((a) => a.address)).toEqual(['asiakaspalvelu@ilmo.test']);
		expect(mail.text).not.toContain('Frågor:');
	});
});
