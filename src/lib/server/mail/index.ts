import path from 'node:path';
import type { Config } from '../config';
import type { Db } from '../db';
import { createFileTransport, createSmtpTransport, type MailTransport } from './transport';
import { startMailWorker, type MailWorker } from './worker';

export { enqueue } from './outbox';
export { processOutbox } from './worker';

type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailReplyTo' | 'dataDir'>;

export function createTransport(config: MailConfig): MailTransport {
	const sender = { from: config.mailFrom, replyTo: config.mailReplyTo };
	return config.smtpUrl
		? createSmtpTransport(config.smtpUrl, sender)
		: createFileTransport(path.join(config.dataDir, 'mail'), sender);
}

type Holder = { ilmoMailWorker?: MailWorker };
const holder = globalThis as unknown as Holder;

/** One worker per process, kept across hot reloads. */
export function startWorker(db: Db, config: MailConfig) {
	holder.ilmoMailWorker ??= startMailWorker(db, createTransport(config));
	return holder.ilmoMailWorker;
}

/** Called after a transaction that enqueued mail has committed. */
export function wake(): void {
	holder.ilmoMailWorker?.wake();
}
