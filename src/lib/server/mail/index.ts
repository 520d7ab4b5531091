import { logoPng } from '../brand';
import type { Db } from '../db';
import { startMailThread } from './supervisor';
import { createTransport, type MailConfig } from './transport';
import { startMailWorker, type MailWorker } from './worker';

export { enqueue } from './outbox';
export { processOutbox } from './worker';
export { createTransport } from './transport';

type Holder = { ilmoMailWorker?: MailWorker };
const holder = globalThis as unknown as Holder;

/**
 * One worker per process, kept across hot reloads. The built server on PostgreSQL sends from a
 * worker thread of its own (supervisor.ts), so that mail does not compete with requests; the
 * embedded database is open in the main thread only (it admits one opener per directory), and
 * `vite dev` has no built file to run, so there the worker stays in the main thread.
 */
export function startWorker(
	db: Db,
	config: MailConfig & { databaseUrl: string | undefined },
	// The caller says whether this is the built server: this module is also loaded by the CLI and
	// tests under plain Node, where `$app/environment` does not resolve.
	options: { built: boolean }
) {
	holder.ilmoMailWorker ??=
		config.databaseUrl && options.built
			? startMailThread({ logo: logoPng })
			: startMailWorker(db, createTransport(config));
	return holder.ilmoMailWorker;
}

/** Called after a transaction that enqueued mail has committed. */
export function wake(): void {
	holder.ilmoMailWorker?.wake();
}
