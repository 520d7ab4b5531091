import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { OutboxAttachment, OutboxMessage } from '../db/schema';
import { ticketQrPng } from '../tickets/qr';
import { BRAND_LOGO_CID } from './logo-cid';

export interface OutgoingMail {
	id: number;
	message: OutboxMessage;
}

export interface MailTransport {
	readonly kind: 'smtp' | 'files';
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

/** Who every message is from, and where a reply to it goes (a person, not the no-reply sender). */
export interface Sender {
	from: string;
	replyTo: string;
}

/** Thrown for a refusal that retrying cannot fix, such as a recipient the server does not accept. */
export class PermanentMailError extends Error {}

function domainOf(from: string): string {
	const match = /@([^>\s]+)/.exec(from);
	return match?.[1] ?? 'ilmo.invalid';
}

/**
 * The left part of the Message-ID: the random key drawn at enqueue. A row queued before keys
 * existed gets a digest of its own content instead: stable across its retries, and still unlike
 * another installation's row with the same number, whose text (with its fresh link token) differs.
 */
function messageKeyOf(mail: OutgoingMail): string {
	if (mail.message.messageKey) return mail.message.messageKey;
	const { to, subject, text } = mail.message;
	const digest = createHash('sha256').update(JSON.stringify([mail.id, to, subject, text]));
	return `outbox-${mail.id}-${digest.digest('hex').slice(0, 32)}`;
}

const LOGO_IMAGE = new RegExp(`<img[^>]*src="cid:${BRAND_LOGO_CID}"[^>]*>`, 'g');

/** The brand's logo as a PNG at send time, or null when there is none. */
export type LogoSource = () => Buffer | null | Promise<Buffer | null>;

/**
 * The brand's own snapshot, loaded when a message first shows the logo: the mail thread gets the
 * logo from the server instead (process.ts) and so never loads the brand's image code (sharp).
 */
const brandLogo: LogoSource = async () => (await import('../brand')).logoPng();

async function logoFor(message: OutboxMessage, logo: LogoSource): Promise<Buffer | null> {
	return message.html.includes(`cid:${BRAND_LOGO_CID}`) ? logo() : null;
}

/**
 * The brand's logo travels as an inline part, attached here at send time, so the outbox rows do
 * not each carry the PNG. A logo removed since the message was queued leaves no broken image.
 */
function withBrandLogo(message: OutboxMessage, png: Buffer | null): OutboxMessage {
	if (!message.html.includes(`cid:${BRAND_LOGO_CID}`)) return message;
	if (!png) return { ...message, html: message.html.replace(LOGO_IMAGE, '') };
	const logo: OutboxAttachment = {
		filename: 'logo.png',
		contentType: 'image/png',
		content: png.toString('base64'),
		encoding: 'base64',
		cid: BRAND_LOGO_CID
	};
	return { ...message, attachments: [...message.attachments, logo] };
}

/**
 * A ticket's QR code is drawn here, when the mail is sent, from the code the outbox row carries
 * (OutboxAttachment.ticketCode): a sign-up's request leaves the drawing to the mail worker. A row
 * queued with the PNG itself (before this) sends it as it is.
 */
async function withTicketImages(message: OutboxMessage): Promise<OutboxMessage> {
	if (!message.attachments.some((a) => a.ticketCode && !a.content)) return message;
	const attachments = await Promise.all(
		message.attachments.map(async ({ ticketCode, ...part }): Promise<OutboxAttachment> => {
			if (!ticketCode || part.content) return part;
			const png = await ticketQrPng(ticketCode);
			return { ...part, content: png.toString('base64'), encoding: 'base64' };
		})
	);
	return { ...message, attachments };
}

/** What nodemailer sends: the logo and ticket images attached, the Message-ID fixed. */
async function toNodemailer(mail: OutgoingMail, sender: Sender, logo: LogoSource) {
	const png = await logoFor(mail.message, logo);
	const message = withBrandLogo(await withTicketImages(mail.message), png);
	return {
		from: sender.from,
		replyTo: mail.message.replyTo || sender.replyTo,
		to: mail.message.to,
		subject: mail.message.subject,
		text: mail.message.text,
		html: message.html,
		// One id per message, the same on every retry, lets a receiving server recognise a repeat.
		messageId: `<${messageKeyOf(mail)}@${domainOf(sender.from)}>`,
		// RFC 3834: vacation responders and auto-forwarders must not answer machine-sent mail.
		headers: { ...mail.message.headers, 'Auto-Submitted': 'auto-generated' },
		attachments: message.attachments.map((a) => ({
			filename: a.filename,
			contentType: a.contentType,
			content: a.content,
			...(a.encoding ? { encoding: a.encoding } : {}),
			// With a cid nodemailer puts the part in multipart/related beside the HTML that shows it.
			...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {})
		})),
		// Gmail and Outlook update a calendar entry only from a text/calendar part beside the text
		// and HTML, with its method; the attachment stays for clients that import the file.
		alternatives: message.attachments
			.filter((a) => /^text\/calendar;.*\bmethod=/i.test(a.contentType))
			.map((a) => ({ contentType: a.contentType, content: a.content }))
	};
}

export function createSmtpTransport(
	smtpUrl: string,
	sender: Sender,
	logo: LogoSource = brandLogo
): MailTransport {
	const transporter = nodemailer.createTransport({
		url: smtpUrl,
		// One connection kept open and reused: a new connection (and TLS handshake, and the greeting
		// pause many servers make) per message would cap the outbox at a few messages a second.
		pool: true,
		maxConnections: 1,
		maxMessages: 100,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
	return {
		kind: 'smtp',
		async send(mail) {
			try {
				await transporter.sendMail(await toNodemailer(mail, sender, logo));
			} catch (error) {
				const err = error as {
					code?: string;
					command?: string;
					responseCode?: number;
					message?: string;
				};
				// Only a refused recipient is final. A 5xx to MAIL FROM (relay needs auth, sender not
				// allowed) is our configuration: once fixed, the queued mail must still go out.
				if (
					err.code === 'EENVELOPE' &&
					err.command === 'RCPT TO' &&
					(err.responseCode ?? 0) >= 500
				) {
					throw new PermanentMailError(err.message ?? 'recipient refused');
				}
				throw error;
			}
		},
		close: () => transporter.close()
	};
}

function compactIsoTime(date: Date): string {
	return date
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/**
 * Without SMTP_URL (and under `npm run dev`) each message becomes an .eml file to open in a mail
 * client. The files hold names, addresses and live manage links: only the app's own user may read
 * them, whatever the umask.
 */
export function createFileTransport(
	directory: string,
	sender: Sender,
	logo: LogoSource = brandLogo
): MailTransport {
	const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
	// The folder is made once, not for every message; made again if it went away meanwhile.
	let folder: Promise<unknown> | null = null;
	const makeFolder = () =>
		// The mode applies to the folders this creates; an existing folder is the operator's.
		(folder ??= mkdir(directory, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
			folder = null;
			throw error;
		}));
	/** 'wx': a new file, so the mode holds; a leftover of an attempt that died is replaced. */
	const writeNew = (file: string, data: Buffer) =>
		writeFile(file, data, { mode: 0o600, flag: 'wx' }).catch(async (error: unknown) => {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			await rm(file, { force: true });
			await writeFile(file, data, { mode: 0o600, flag: 'wx' });
		});
	return {
		kind: 'files',
		async send(mail) {
			const info = await transporter.sendMail(await toNodemailer(mail, sender, logo));
			const name = `${compactIsoTime(new Date())}-${mail.id}.eml`;
			const temporary = path.join(directory, `.${name}.tmp`);
			// Written aside and renamed, so a reader never sees half a message.
			const place = async () => {
				await makeFolder();
				await writeNew(temporary, info.message as Buffer);
				await rename(temporary, path.join(directory, name));
			};
			try {
				await place().catch((error: unknown) => {
					if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
					// The folder was removed since it was made (a developer clearing old mail).
					folder = null;
					return place();
				});
			} catch (error) {
				// The outbox retries the message; a half-written leftover would only pile up.
				await rm(temporary, { force: true });
				throw error;
			}
		},
		close: () => transporter.close()
	};
}

export type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailReplyTo' | 'dataDir'>;

/** SMTP when SMTP_URL is set, else .eml files in the data directory. */
export function createTransport(config: MailConfig, logo?: LogoSource): MailTransport {
	const sender = { from: config.mailFrom, replyTo: config.mailReplyTo };
	return config.smtpUrl
		? createSmtpTransport(config.smtpUrl, sender, logo)
		: createFileTransport(path.join(config.dataDir, 'mail'), sender, logo);
}
