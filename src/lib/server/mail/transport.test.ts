import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createTransport } from './index';
import { hashRecipient, retryDelaySeconds } from './outbox';
import { registrationUid } from './ics';
import { renderRegistrationMail } from './templates/registration';
import {
	createFileTransport,
	createSmtpTransport,
	PermanentMailError,
	type OutgoingMail
} from './transport';
import { freePort } from '$tests/postgres-server';
import { startSmtpSink, type SmtpSink } from '$tests/smtp-sink';
import { ORGANIZER, ORIGIN } from '$tests/factories';
import { parseCalendar } from '$tests/calendar';

const FROM = 'Ilmo <ilmo@ilmo.test>';
const REPLY_TO = 'asiakaspalvelu@ilmo.test';
const SENDER = { from: FROM, replyTo: REPLY_TO };
const KEY = 'k'.repeat(26);
const startsAt = new Date('2026-12-10T08:00:00Z');

/** A message as the outbox holds it; `messageKey: null` is a row queued before keys existed. */
function sampleMail(
	id = 42,
	to = 'aino@example.fi',
	messageKey: string | null = KEY
): OutgoingMail {
	const message = renderRegistrationMail({
		locale: 'fi',
		kind: 'confirmed',
		waitlistPosition: null,
		registrationId: '0b9c3a52-6a9e-4a51-9a1e-3f1f7f5c2a10',
		firstName: 'Aino',
		fullName: 'Aino Virtanen',
		email: to,
		event: {
			title: 'Avoimet ovet',
			description: 'Kuvaus',
			location: 'Pollenkuja 6, Turku',
			startsAt,
			endsAt: new Date('2026-12-10T12:30:00Z')
		},
		eventUrl: `${ORIGIN}/events/avoimet-ovet`,
		manageUrl: `${ORIGIN}/manage/abc123`,
		organizer: ORGANIZER,
		calendar: { method: 'REQUEST', uid: registrationUid('reg-1', ORIGIN), sequence: 0 }
	});
	return { id, message: messageKey ? { ...message, messageKey } : message };
}

/** The calendar entry as a file to import. */
function calendarFile(mail: ParsedMail) {
	const files = mail.attachments.filter((a) => a.contentDisposition === 'attachment');
	expect(files.map((a) => a.filename)).toEqual(['event.ics']);
	return files[0]!;
}

/**
 * A calendar entry travels twice with its method: as a file, and as a text/calendar part beside
 * the text and HTML, which is what Gmail and Outlook act on.
 */
function expectCalendarParts(mail: ParsedMail) {
	expect(mail.attachments).toHaveLength(2);
	for (const part of mail.attachments) {
		expect(part.contentType).toBe('text/calendar');
		expect(part.headers.get('content-type')).toMatchObject({
			params: { method: 'REQUEST', charset: 'utf-8' }
		});
	}
	calendarFile(mail);
	const [inline, file] = mail.attachments.map((a) => a.content.toString('utf8'));
	expect(inline).toBe(file);
}

/** What every automatic message carries besides its content. */
function expectAutomaticHeaders(mail: ParsedMail) {
	expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
	expect(mail.replyTo?.value.map((a) => a.address)).toEqual([REPLY_TO]);
}

describe('file transport', () => {
	let root: string;
	beforeEach(async () => {
		root = await mkdtemp(path.join(os.tmpdir(), 'ilmo-mail-'));
	});
	afterEach(async () => {
		vi.useRealTimers();
		await rm(root, { recursive: true, force: true });
	});

	it('writes <compact ISO time>-<id>.eml into a directory it creates, with nothing left aside', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-24T10:15:30.789Z'));
		const directory = path.join(root, 'data', 'mail');
		const transport = createFileTransport(directory, SENDER);
		expect(transport.kind).toBe('files');
		await transport.send(sampleMail(42));
		transport.close();

		expect(await readdir(directory)).toEqual(['20261124T101530Z-42.eml']);
		const mail = await simpleParser(
			await readFile(path.join(directory, '20261124T101530Z-42.eml'))
		);
		expect(mail.subject).toBe('Ilmoittautuminen vahvistettu: Avoimet ovet');
		expect(mail.from?.value[0]?.address).toBe('ilmo@ilmo.test');
		const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
		expect(to?.value[0]?.address).toBe('aino@example.fi');
		expect(mail.messageId).toBe(`<${KEY}@ilmo.test>`);
		expectAutomaticHeaders(mail);
		expect(mail.date?.toISOString()).toBe('2026-11-24T10:15:30.000Z');
		expect(mail.text).toContain(`${ORIGIN}/manage/abc123`);
		expect(mail.html).toContain(`href="${ORIGIN}/manage/abc123"`);

		expectCalendarParts(mail);
		const calendar = parseCalendar(calendarFile(mail).content.toString('utf8'));
		expect(calendar).toMatchObject({ method: 'REQUEST', start: startsAt });
	});

	it("sends a reply to the message's own address and adds its headers, never dropping Auto-Submitted", async () => {
		const transport = createFileTransport(root, SENDER);
		const base = sampleMail(5);
		await transport.send({
			...base,
			message: {
				...base.message,
				replyTo: 'yhteyshenkilo@ilmo.test',
				headers: {
					'List-Unsubscribe': '<https://ilmo.test/unsubscribe/t>',
					'Auto-Submitted': 'no'
				}
			}
		});
		transport.close();
		const [file] = await readdir(root);
		const mail = await simpleParser(await readFile(path.join(root, file!)));
		expect(mail.replyTo?.value.map((a) => a.address)).toEqual(['yhteyshenkilo@ilmo.test']);
		// mailparser gathers the List-* headers into one.
		expect(mail.headers.get('list')).toMatchObject({
			unsubscribe: { url: 'https://ilmo.test/unsubscribe/t' }
		});
		expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
	});

	it('keeps one file per message', async () => {
		const transport = createFileTransport(root, SENDER);
		const before = new Date();
		await transport.send(sampleMail(1, 'first@example.fi'));
		await transport.send(sampleMail(2, 'second@example.fi'));
		const after = new Date();

		const files = (await readdir(root)).sort((a, b) => a.localeCompare(b));
		expect(files).toHaveLength(2);
		expect(files.every((f) => /^\d{8}T\d{6}Z-[12]\.eml$/.test(f))).toBe(true);
		expect(files.map((f) => f.replace(/^.*-/, '')).sort()).toEqual(['1.eml', '2.eml']);
		// The name's time is the moment of writing, to the second.
		for (const file of files) {
			const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(file)!;
			const written = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
			expect(written).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
			expect(written).toBeLessThanOrEqual(after.getTime());
		}
		const second = await simpleParser(
			await readFile(
				path.join(
					root,
					files.find((f) => f.endsWith('-2.eml'))!
				)
			)
		);
		const to = Array.isArray(second.to) ? second.to[0] : second.to;
		expect(to?.value[0]?.address).toBe('second@example.fi');
	});

	it('lets only the app’s own user read the files and the folder it creates', async () => {
		const directory = path.join(root, 'data', 'mail');
		const transport = createFileTransport(directory, SENDER);
		await transport.send(sampleMail(3));
		transport.close();
		const [file] = await readdir(directory);
		expect((await stat(path.join(directory, file!))).mode & 0o777).toBe(0o600);
		expect((await stat(directory)).mode & 0o777).toBe(0o700);
		expect((await stat(path.join(root, 'data'))).mode & 0o777).toBe(0o700);
	});

	it('makes its folder again when it was removed between two messages', async () => {
		const directory = path.join(root, 'data', 'mail');
		const transport = createFileTransport(directory, SENDER);
		await transport.send(sampleMail(1));
		// The folder is made once per transport; a developer clearing old mail removes it.
		await rm(directory, { recursive: true });
		await transport.send(sampleMail(2));
		transport.close();
		expect((await readdir(directory)).map((f) => f.replace(/^.*-/, ''))).toEqual(['2.eml']);
		expect((await stat(directory)).mode & 0o777).toBe(0o700);
	});

	it('gives a row queued before message keys an id of its own, the same on each retry', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const transport = createFileTransport(root, SENDER);
		const old = sampleMail(42, 'aino@example.fi', null);
		// Another installation's row 42: the same number, other content.
		const elsewhere = sampleMail(42, 'eero@example.fi', null);
		const sends = [old, old, elsewhere];
		for (const [second, mail] of sends.entries()) {
			vi.setSystemTime(new Date(Date.UTC(2026, 10, 24, 10, 15, second)));
			await transport.send(mail);
		}
		transport.close();
		const files = (await readdir(root)).sort();
		expect(files).toHaveLength(3);
		const ids = [];
		for (const file of files) {
			ids.push((await simpleParser(await readFile(path.join(root, file)))).messageId);
		}
		expect(ids.every((id) => /^<outbox-42-[0-9a-f]{32}@ilmo\.test>$/.test(id ?? ''))).toBe(true);
		expect(ids[1]).toBe(ids[0]);
		expect(ids[2]).not.toBe(ids[0]);
	});

	it('fails the send and leaves no temporary file behind when the file cannot be placed', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-24T10:15:30Z'));
		// A directory squatting on the target name makes the final rename fail.
		const squatter = path.join(root, '20261124T101530Z-7.eml');
		await mkdir(squatter);
		await writeFile(path.join(squatter, 'keep'), 'x');

		const transport = createFileTransport(root, SENDER);
		await expect(transport.send(sampleMail(7))).rejects.toThrow();
		expect(await readdir(root)).toEqual(['20261124T101530Z-7.eml']);
	});
});

describe('SMTP transport', () => {
	let sink: SmtpSink;
	beforeAll(async () => {
		sink = await startSmtpSink();
	});
	afterAll(async () => {
		await sink?.close();
	});
	beforeEach(() => {
		sink.messages.length = 0;
		sink.rejectRecipients = null;
	});

	it('delivers with the outbox row’s stable Message-ID and the .ics attached', async () => {
		const transport = createSmtpTransport(sink.url, SENDER);
		try {
			await transport.send(sampleMail(9));
		} finally {
			transport.close();
		}
		expect(sink.messages).toHaveLength(1);
		const mail = sink.messages[0]!;
		expect(mail.messageId).toBe(`<${KEY}@ilmo.test>`);
		expectAutomaticHeaders(mail);
		expectCalendarParts(mail);
	});

	it('reports a 550 recipient refusal as permanent', async () => {
		sink.rejectRecipients = 550;
		const transport = createSmtpTransport(sink.url, SENDER);
		try {
			const error = await transport.send(sampleMail()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(PermanentMailError);
			expect((error as Error).message).toMatch(/550/);
		} finally {
			transport.close();
		}
		expect(sink.messages).toHaveLength(0);
	});

	it('reports a 451 refusal and an unreachable server as temporary', async () => {
		sink.rejectRecipients = 451;
		const transport = createSmtpTransport(sink.url, SENDER);
		const down = createSmtpTransport(`smtp://127.0.0.1:${await freePort()}`, SENDER);
		try {
			const deferred = await transport.send(sampleMail()).catch((e: unknown) => e);
			expect(deferred).toBeInstanceOf(Error);
			expect(deferred).not.toBeInstanceOf(PermanentMailError);
			expect((deferred as Error).message).toMatch(/451/);

			const refused = await down.send(sampleMail()).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(Error);
			expect(refused).not.toBeInstanceOf(PermanentMailError);
			expect((refused as Error).message).toMatch(/ECONNREFUSED/);
		} finally {
			transport.close();
			down.close();
		}
	});

	it('treats a refused sender as fixable configuration, not as a lost message', async () => {
		const port = await freePort();
		const server = new SMTPServer({
			secure: false,
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onMailFrom(_address, _session, callback) {
				const error = new Error('sender not allowed to relay') as Error & {
					responseCode: number;
				};
				error.responseCode = 550;
				callback(error);
			}
		});
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
		const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`, SENDER);
		try {
			const error = await transport.send(sampleMail()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(Error);
			expect((error as Error).message).toMatch(/550/);
			expect(error).not.toBeInstanceOf(PermanentMailError);
		} finally {
			transport.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('createTransport', () => {
	it('uses SMTP when SMTP_URL is set and .eml files under the data directory otherwise', async () => {
		const smtp = createTransport({
			smtpUrl: 'smtp://127.0.0.1:2525',
			mailFrom: FROM,
			mailReplyTo: REPLY_TO,
			dataDir: '/x'
		});
		expect(smtp.kind).toBe('smtp');
		smtp.close();

		const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ilmo-data-'));
		try {
			const files = createTransport({
				smtpUrl: undefined,
				mailFrom: FROM,
				mailReplyTo: REPLY_TO,
				dataDir
			});
			expect(files.kind).toBe('files');
			await files.send(sampleMail(5));
			const written = await readdir(path.join(dataDir, 'mail'));
			expect(written).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z-5\.eml$/)]);
			const mail = await simpleParser(await readFile(path.join(dataDir, 'mail', written[0]!)));
			expectAutomaticHeaders(mail);
		} finally {
			await rm(dataDir, { recursive: true, force: true });
		}
	});
});

describe('retryDelaySeconds', () => {
	const middle = () => 0.5;

	it('doubles from 30 s with each attempt and stops growing at an hour', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelaySeconds(n, middle))).toEqual([
			30, 60, 120, 240, 480, 960, 1920, 3600
		]);
		for (const attempts of [9, 12, 40, 1000, 1_000_000]) {
			expect(retryDelaySeconds(attempts, middle)).toBe(3600);
		}
		// A row that was never attempted is treated like a first attempt.
		expect(retryDelaySeconds(0, middle)).toBe(30);
	});

	it('spreads retries by ±20 %, also at the cap', () => {
		expect(retryDelaySeconds(1, () => 0)).toBe(24);
		expect(retryDelaySeconds(1, () => 0.999_999)).toBe(36);
		expect(retryDelaySeconds(100, () => 0)).toBe(2880);
		expect(retryDelaySeconds(100, () => 0.999_999)).toBe(4320);

		for (let attempts = 1; attempts <= 12; attempts++) {
			const base = Math.min(3600, 30 * 2 ** (attempts - 1));
			const samples = Array.from({ length: 200 }, () => retryDelaySeconds(attempts));
			expect(Math.min(...samples)).toBeGreaterThanOrEqual(Math.round(base * 0.8));
			expect(Math.max(...samples)).toBeLessThanOrEqual(Math.round(base * 1.2));
			expect(samples.every(Number.isInteger)).toBe(true);
			// Instances that failed together must not all come back at the same second.
			expect(new Set(samples).size).toBeGreaterThan(1);
		}
	});
});

describe('hashRecipient', () => {
	it('ignores case and surrounding white space', () => {
		const expected = createHash('sha256').update('eero.korhonen@example.fi').digest('hex');
		expect(hashRecipient('eero.korhonen@example.fi')).toBe(expected);
		expect(hashRecipient(' Eero.Korhonen@Example.FI\t')).toBe(expected);
		expect(hashRecipient('EERO.KORHONEN@EXAMPLE.FI\n')).toBe(expected);
		expect(expected).toMatch(/^[0-9a-f]{64}$/);
	});

	it('tells different addresses apart', () => {
		expect(hashRecipient('aino@example.fi')).not.toBe(hashRecipient('aino@example.com'));
		expect(hashRecipient('a.ino@example.fi')).not.toBe(hashRecipient('aino@example.fi'));
	});
});
