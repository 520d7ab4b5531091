/**
 * The mail thread: the outbox worker in a worker thread of `node build` on PostgreSQL, so that
 * building MIME messages and talking SMTP take no time from the thread that answers requests. The
 * server starts it (supervisor.ts) from the very file this module is built into: the server bundle
 * carries it, so `node build` needs no second entry point. A thread rather than a child process:
 * it shares the process's Node runtime (a child cost 60 MiB resident, the thread a few), and it
 * ends with the process however that ends, so no orphan can go on sending.
 */
import { readlinkSync } from 'node:fs';
import { isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';
import { config } from '../config';
import { openDatabase } from '../db';
import { describeSafely } from '../db/errors';
import { startIdleCollector } from '../idle-collector';
import { createTransport } from './transport';
import { startMailWorker, type MailWorker } from './worker';

/** Set by the supervisor in the thread's workerData; no other thread has it. */
export const MAIL_THREAD_MARK = 'ilmoMailThread';

/** The file to run as the mail thread: this module's own, wherever the build put it. */
export const mailThreadUrl = import.meta.url;

/**
 * What the supervisor posts: a wake-up after an enqueue, the request to stop, or the brand's logo
 * (null for none) whenever it differs from the last one posted.
 */
export type MailThreadMessage = 'wake' | 'stop' | { logo: Uint8Array | null };
/** What the mail thread posts back, once: it listens from now on. */
export const MAIL_THREAD_READY = 'ready';

/** The thread's id as the system knows it (as `top -H` shows it); Node's own id elsewhere. */
function systemThreadId(): string {
	try {
		// "<pid>/task/<tid>" on Linux.
		return readlinkSync('/proc/thread-self').split('/').pop()!;
	} catch {
		return `node-${threadId}`;
	}
}

async function runMailThread(port: NonNullable<typeof parentPort>) {
	const log = (message: string) => console.error(message);
	const settings = config();
	if (!settings.databaseUrl) throw new Error('the mail thread runs on PostgreSQL only');
	// One connection: the worker's statements follow one another.
	const database = await openDatabase({ url: settings.databaseUrl, maxConnections: 1 });
	// The logo mail carries is the server's, as the server rendered the message with its brand:
	// the worker starts once the first one has come.
	let logo: Buffer | null = null;
	let worker: MailWorker | undefined;
	const transport = createTransport(settings, () => logo);

	let stopping: Promise<void> | undefined;
	// The message being sent is finished and the rest of its batch handed back, then the pool
	// closes. In a worker thread process.exit() ends the thread only, with this code.
	const stop = () =>
		(stopping ??= (worker?.stop() ?? Promise.resolve())
			.then(() => database.close())
			.catch((error: unknown) => log(`[mail] stopping failed: ${describeSafely(error)}`))
			.finally(() => process.exit(0)));

	port.on('message', (message: MailThreadMessage) => {
		if (message === 'wake') worker?.wake();
		else if (message === 'stop') void stop();
		else {
			logo = message.logo === null ? null : Buffer.from(message.logo);
			if (!stopping) worker ??= startMailWorker(database.db, transport, { log });
		}
	});
	// Signals reach the main thread only: its shutdown posts 'stop'.
	// Between batches the thread waits, often for hours: what a batch left behind goes back.
	startIdleCollector();
	// Said once, so that an operator (and the fault tests) can tell this thread's work apart.
	console.log(`[mail] the mail worker runs in thread ${systemThreadId()}`);
	port.postMessage(MAIL_THREAD_READY);
}

// Started only in the thread the supervisor made. After the current turn: the build may put this
// module in a cycle of chunks, and every import must have been evaluated first.
const mark = workerData as Record<string, unknown> | null;
if (!isMainThread && parentPort && mark?.[MAIL_THREAD_MARK] === true) {
	const port = parentPort;
	setImmediate(() => {
		runMailThread(port).catch((error: unknown) => {
			console.error(`[mail] the mail thread could not start: ${describeSafely(error)}`);
			process.exit(1);
		});
	});
}
