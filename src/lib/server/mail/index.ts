import path from 'node:path';
import type { Config } from '../config';
import type { Db } from '../db';
import { createFileTransport, createSmtpTransport, type MailTransport } from './transport';
import { startMailWorker, type MailWorker } from './worker';

export { enqueue } from './outbox';
export { processOutbox } from './worker';

export function createTransport(
	config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>
): MailTransport {
	return config.smtpUrl
		? createSmtpTransport(config.smtpUrl, config.mailFrom)
		: createFileTransport(path.join(config.dataDir, 'mail'), config.mailFrom);
}

type Holder = { ilmoMailWorker?: MailWorker };
const holder = globalThis as unknown as Holder;

/** One worker per process, kept across hot reloads. */
export function startWorker(db: Db, config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>) {
	holder.ilmoMailWorker ??= startMailWorker(db, createTransport(config));
	return holder.ilmoMailWorker;
}

/** Called after a transaction that enqueued mail has committed. */
export function wake(): void {
	holder.ilmoMailWorker?.wake();
}
