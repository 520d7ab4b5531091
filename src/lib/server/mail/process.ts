/**
 * The mail process: the outbox worker in a process of its own beside `node build` on PostgreSQL,
 * so that building MIME messages and talking SMTP take neither CPU time nor heap from requests.
 * The server starts it (supervisor.ts) by running the very file this module is built into: the
 * server bundle carries it, so `node build` needs no second entry point and no second command.
 */
import { config } from '../config';
import { openDatabase } from '../db';
import { describeSafely } from '../db/errors';
import { startIdleCollector } from '../idle-collector';
import { createTransport } from './transport';
import { startMailWorker, type MailWorker } from './worker';

/** Set by the supervisor in the child's environment; the server process never has it. */
export const MAIL_PROCESS_ENV = 'ILMO_MAIL_PROCESS';

/** The file to run as the mail process: this module's own, wherever the build put it. */
export const mailProcessUrl = import.meta.url;

/**
 * What the supervisor sends over the IPC channel: a wake-up after an enqueue, the request to stop,
 * or the brand's logo (base64, null for none) whenever it differs from the last one sent.
 */
export type MailProcessMessage = 'wake' | 'stop' | { logo: string | null };
/** What the mail process sends back, once: it listens from now on. */
export const MAIL_PROCESS_READY = 'ready';

async function runMailProcess() {
	const log = (message: string) => console.error(message);
	const settings = config();
	if (!settings.databaseUrl) throw new Error('the mail process runs on PostgreSQL only');
	// One connection: the worker's statements follow one another.
	const database = await openDatabase({ url: settings.databaseUrl, maxConnections: 1 });
	// The logo mail carries is the server's, as the server rendered the message with its brand:
	// the worker starts once the first one has come.
	let logo: Buffer | null = null;
	let worker: MailWorker | undefined;
	const transport = createTransport(settings, () => logo);

	let stopping: Promise<void> | undefined;
	// The message being sent is finished and the rest of its batch handed back, then the pool
	// closes; the process exits whether the server asked, a signal came or the server is gone.
	const stop = () =>
		(stopping ??= (worker?.stop() ?? Promise.resolve())
			.then(() => database.close())
			.catch((error: unknown) => log(`[mail] stopping failed: ${describeSafely(error)}`))
			.finally(() => process.exit(0)));

	process.on('message', (message: MailProcessMessage) => {
		if (message === 'wake') worker?.wake();
		else if (message === 'stop') void stop();
		else {
			logo = message.logo === null ? null : Buffer.from(message.logo, 'base64');
			if (!stopping) worker ??= startMailWorker(database.db, transport, { log });
		}
	});
	// The channel closes when the server exits in any way, SIGKILL included: no orphan sends mail.
	process.on('disconnect', () => void stop());
	// A terminal's Ctrl-C or systemd's stop signals the whole process group, this process too.
	process.on('SIGTERM', () => void stop());
	process.on('SIGINT', () => void stop());
	// Between batches the process waits, often for hours: what a batch left behind goes back.
	startIdleCollector();
	if (process.connected) process.send!(MAIL_PROCESS_READY);
	else void stop();
}

// Started only when run by the supervisor. After the current turn: the build may put this module
// in a cycle of chunks, and every import must have been evaluated first.
if (process.env[MAIL_PROCESS_ENV] === '1' && process.send) {
	setImmediate(() => {
		runMailProcess().catch((error: unknown) => {
			console.error(`[mail] the mail process could not start: ${describeSafely(error)}`);
			process.exit(1);
		});
	});
}
