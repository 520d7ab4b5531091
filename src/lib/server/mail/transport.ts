import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../db/schema';

export interface OutgoingMail {
	id: number;
	message: OutboxMessage;
}

export interface MailTransport {
	readonly kind: 'smtp' | 'files';
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

/** Thrown for a refusal that retrying cannot fix, such as a recipient the server does not accept. */
export class PermanentMailError extends Error {}

function domainOf(from: string): string {
	const match = /@([^>\s]+)/.exec(from);
	return match?.[1] ?? 'ilmo.invalid';
}

function toNodemailer(mail: OutgoingMail, from: string) {
	return {
		from,
		to: mail.message.to,
		subject: mail.message.subject,
		text: mail.message.text,
		html: mail.message.html,
		// A stable id per outbox row lets a receiving server recognise a retry of the same message.
		messageId: `<outbox-${mail.id}@${domainOf(from)}>`,
		attachments: mail.message.attachments.map((a) => ({
			filename: a.filename,
			contentType: a.contentType,
			content: a.content
		}))
	};
}

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
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
				await transporter.sendMail(toNodemailer(mail, from));
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

/** Without SMTP_URL (and under `npm run dev`) each message becomes an .eml file to open in a mail client. */
export function createFileTransport(directory: string, from: string): MailTransport {
	const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
	return {
		kind: 'files',
		async send(mail) {
			const info = await transporter.sendMail(toNodemailer(mail, from));
			await mkdir(directory, { recursive: true });
			const name = `${compactIsoTime(new Date())}-${mail.id}.eml`;
			const temporary = path.join(directory, `.${name}.tmp`);
			// Written aside and renamed, so a reader never sees half a message.
			try {
				await writeFile(temporary, info.message as Buffer);
				await rename(temporary, path.join(directory, name));
			} catch (error) {
				// The outbox retries the message; a half-written leftover would only pile up.
				await rm(temporary, { force: true });
				throw error;
			}
		},
		close: () => transporter.close()
	};
}
