import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { ParsedMail } from 'mailparser';
import type { Database } from '../db';
import { emailOutbox, registration, type Event } from '../db/schema';
import { processOutbox } from '../mail/worker';
import { createSmtpTransport } from '../mail/transport';
import { cancelOwn, openManage, register } from '../registrations';
import { addRegistrant, cancelRegistrant } from '../attendees';
import { backfillTickets, ticketCode, ticketHash, ticketHashFor } from './index';
import { ticketQrPng } from './qr';
import { seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { openStaffScene } from '$tests/scene';
import { startSmtpSink, type SmtpSink } from '$tests/smtp-sink';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const SENDER = { from: 'Ilmo <ilmo@ilmo.test>', replyTo: 'asiakaspalvelu@ilmo.test' };

/** What a phone camera reads from a PNG: the QR's text, through a real decoder. */
function decodePng(content: Buffer): string | null {
	const png = PNG.sync.read(content);
	return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe.each(DATABASE_KINDS)('tickets on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	let sink: SmtpSink;
	openStaffScene(kind, (scene) => ({ database, staff } = scene));
	beforeAll(async () => {
		sink = await startSmtpSink();
	});
	afterAll(async () => {
		await sink?.close();
	});
	beforeEach(async () => {
		await database.db.delete(emailOutbox);
		sink.messages.length = 0;
	});

	const row = async (id: string) =>
		(await database.db.select().from(registration).where(eq(registration.id, id)))[0]!;
	const signUp = async (ev: Event, email: string) => {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup({ email }),
			locale: 'fi',
			...context
		});
		if (!result.ok) throw new Error('sign-up refused');
		return result.registrationId;
	};
	const manageToken = async (email: string) => {
		const rows = await database.db.select().from(emailOutbox);
		const text = rows.filter((r) => r.message?.to === email).at(-1)?.message?.text ?? '';
		return /\/manage\/([a-z0-9]+)/.exec(text)![1]!;
	};
	const send = async (): Promise<ParsedMail[]> => {
		const transport = createSmtpTransport(sink.url, SENDER);
		try {
			await processOutbox(database.db, transport);
		} finally {
			transport.close();
		}
		return sink.messages;
	};

	it('issues a ticket to a public and a staff-added sign-up, found by its hash', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const publicId = await signUp(ev, 'lippu.julkinen@example.fi');
		const added = await addRegistrant(database.db, {
			actor: staff,
			event: ev,
			data: {
				firstName: 'Pekka',
				lastName: 'Puhelin',
				email: '',
				phone: '040 765 4321',
				street: '',
				postalCode: '',
				city: ''
			},
			locale: 'fi',
			context
		});
		if (!added.ok) throw new Error('add refused');
		for (const id of [publicId, added.registrationId]) {
			expect(await row(id)).toMatchObject({
				ticketVersion: 1,
				ticketHash: ticketHashFor(id, 1),
				voidTicketHash: null
			});
			const [found] = await database.db
				.select({ id: registration.id })
				.from(registration)
				.where(eq(registration.ticketHash, ticketHash(ticketCode(id, 1))));
			expect(found?.id).toBe(id);
		}
	});

	it('voids the ticket when staff or the person cancel', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const byStaff = await signUp(ev, 'lippu.peruttu@example.fi');
		const own = await signUp(ev, 'lippu.itse@example.fi');
		expect(await cancelRegistrant(database.db, staff, ev.id, byStaff, context)).toMatchObject({
			ok: true
		});
		const view = (await openManage(database.db, await manageToken('lippu.itse@example.fi')))!;
		expect(await cancelOwn(database.db, view, own, context)).toMatchObject({ ok: true });
		for (const id of [byStaff, own]) {
			expect(await row(id)).toMatchObject({
				status: 'cancelled',
				ticketVersion: 2,
				ticketHash: null,
				voidTicketHash: ticketHashFor(id, 1)
			});
		}
	});

	it('backfills live registrations without a ticket, once', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const [live, waiting, gone] = await seedRegistrants(database.db, ev, [
			{ firstName: 'Vanha', lastName: 'Rivi' },
			{ firstName: 'Jonossa', lastName: 'Rivi', status: 'waitlisted' },
			{ firstName: 'Peruttu', lastName: 'Rivi', status: 'cancelled' }
		]);
		expect(await backfillTickets(database.db)).toBeGreaterThanOrEqual(2);
		expect((await row(live!.id)).ticketHash).toBe(ticketHashFor(live!.id, 1));
		expect((await row(waiting!.id)).ticketHash).toBe(ticketHashFor(waiting!.id, 1));
		expect((await row(gone!.id)).ticketHash).toBeNull();
		expect(await backfillTickets(database.db)).toBe(0);
	});

	it('mails a confirmed seat its QR inline (cid:) and its code in both parts', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		const id = await signUp(ev, 'lippu.posti@example.fi');
		await signUp(ev, 'lippu.jono@example.fi');
		const mails = await send();
		const confirmed = mails.find((m) => m.to && JSON.stringify(m.to).includes('lippu.posti'))!;
		const waiting = mails.find((m) => m.to && JSON.stringify(m.to).includes('lippu.jono'))!;

		const cid = /<img src="cid:([^"]+)"/.exec(String(confirmed.html))?.[1];
		expect(cid).toMatch(/^ticket-.+@ilmo$/);
		const image = confirmed.attachments.find((a) => a.contentId === `<${cid}>`);
		expect(image).toMatchObject({ contentType: 'image/png', related: true });
		const code = decodePng(image!.content);
		expect(code).toBe(ticketCode(id, 1));
		expect(ticketHash(code!)).toBe((await row(id)).ticketHash);
		const printed = code!.match(/.{1,5}/g)!.join(' ');
		expect(confirmed.text).toContain(printed);
		expect(confirmed.html).toContain(printed);
		expect(confirmed.text).toContain('Näytä tämä koodi ovella.');
		// The calendar entry is still there beside it.
		expect(confirmed.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);

		expect(String(waiting.html)).not.toContain('cid:');
		expect(waiting.attachments.filter((a) => a.contentType === 'image/png')).toEqual([]);
	});

	it('queues the ticket as its code only; the sender draws the QR the mail carries', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const id = await signUp(ev, 'lippu.koodi@example.fi');
		const [queued] = await database.db.select().from(emailOutbox);
		const part = queued!.message!.attachments.find((a) => a.contentType === 'image/png');
		// No picture in the row: drawing it is the request's largest cost, left to the mail worker.
		expect(part).toMatchObject({
			filename: 'ticket.png',
			content: '',
			ticketCode: ticketCode(id, 1)
		});
		expect(part).not.toHaveProperty('encoding');

		const [mail] = await send();
		const image = mail!.attachments.find((a) => a.contentId === `<${part!.cid}>`);
		expect(image).toMatchObject({ contentType: 'image/png', filename: 'ticket.png' });
		expect(decodePng(image!.content)).toBe(ticketCode(id, 1));
	});

	it('still sends a row queued with the PNG itself, as it was', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const id = await signUp(ev, 'lippu.vanha@example.fi');
		const code = ticketCode(id, 1);
		// A row as queued before the code alone was stored: the drawn PNG, base64, and no code.
		const [queued] = await database.db.select().from(emailOutbox);
		const png = (await ticketQrPng(code)).toString('base64');
		const message = {
			...queued!.message!,
			attachments: queued!.message!.attachments.map(({ ticketCode: _code, ...a }) =>
				a.contentType === 'image/png' ? { ...a, content: png, encoding: 'base64' as const } : a
			)
		};
		await database.db.update(emailOutbox).set({ message }).where(eq(emailOutbox.id, queued!.id));

		const [mail] = await send();
		const image = mail!.attachments.find((a) => a.contentType === 'image/png');
		expect(image!.content.toString('base64')).toBe(png);
		expect(decodePng(image!.content)).toBe(code);
	});
});
