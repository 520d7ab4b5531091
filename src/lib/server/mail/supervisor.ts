import { Worker } from 'node:worker_threads';
import type { MailThreadMessage } from './process';
import type { MailWorker } from './worker';

export interface SupervisorOptions {
	/** The brand's logo now: the thread attaches it to mail that shows it. */
	logo: () => Buffer | null;
	log?: (message: string) => void;
	/** How long a stop waits for the message being sent before the thread is terminated. */
	stopGraceMs?: number;
	/**
	 * The module the thread runs, for the supervisor's own tests; by default the mail thread's
	 * (process.ts), which is loaded only then, so that the build keeps it in a chunk of its own.
	 */
	entry?: () => Promise<{ url: string; ready: string; mark: string }>;
}

/** The first restart waits this long, each further one twice as long, up to the cap. */
const RESTART_FIRST_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A thread that ran this long was healthy: its crash starts the back-off afresh. */
const HEALTHY_AFTER_MS = 60_000;
/**
 * The mail thread handles one batch at a time, of small objects: a young generation of 3 MiB
 * (two 1 MiB semi-spaces and room for large objects; V8's default grows to 48 MiB, all of it
 * resident afterwards) is enough.
 */
const MAIL_THREAD_LIMITS = { maxYoungGenerationSizeMb: 3 };

async function mailThreadEntry() {
	const { mailThreadUrl, MAIL_THREAD_READY, MAIL_THREAD_MARK } = await import('./process');
	return { url: mailThreadUrl, ready: MAIL_THREAD_READY, mark: MAIL_THREAD_MARK };
}

/**
 * Runs the outbox worker in a worker thread (process.ts) and keeps it running: a crash (an
 * uncaught error or an exit) is logged and followed by a restart with back-off. The server only
 * wakes it; rows written by another instance are found by the worker's own polling. A thread ends
 * with its process, whatever kills that: unlike the child process it replaces, it cannot be left
 * behind as an orphan that goes on sending.
 */
export function startMailThread(options: SupervisorOptions): MailWorker {
	const log = options.log ?? ((message: string) => console.error(message));
	const stopGraceMs = options.stopGraceMs ?? 60_000;
	const entry = options.entry ?? mailThreadEntry;
	let thread: Worker | undefined;
	/** The thread once it listens: it has nothing in hand before then. */
	let ready: Worker | undefined;
	let exited: Promise<void> | undefined;
	let stopped = false;
	let failures = 0;
	let restartTimer: NodeJS.Timeout | undefined;
	let wakeQueued = false;
	let sentLogo: Buffer | null = null;

	const send = (message: MailThreadMessage) => ready?.postMessage(message);
	// Before a wake-up, so the messages it sends show the logo the server rendered them with.
	const sendLogo = (force = false) => {
		const logo = options.logo();
		// Each reload of the brand reads fresh bytes: compared by content, not by reference.
		const same = logo === sentLogo || (logo !== null && sentLogo !== null && logo.equals(sentLogo));
		if (same && !force) return;
		sentLogo = logo;
		send({ logo });
	};

	const launch = async () => {
		const { url, ready: readyMessage, mark } = await entry();
		if (stopped) return;
		const startedAt = Date.now();
		const current = new Worker(new URL(url), {
			workerData: { [mark]: true },
			resourceLimits: MAIL_THREAD_LIMITS
		});
		thread = current;
		current.on('message', (message) => {
			if (message !== readyMessage || stopped) return;
			ready = current;
			sendLogo(true);
		});
		// An uncaught error ends the thread: 'exit' follows and restarts it.
		current.on('error', (error) => log(`[mail] the mail thread failed: ${error.message}`));
		exited = new Promise((resolve) =>
			current.once('exit', (code) => {
				resolve();
				if (thread !== current) return;
				thread = undefined;
				if (ready === current) ready = undefined;
				if (stopped) return;
				failures = Date.now() - startedAt > HEALTHY_AFTER_MS ? 1 : failures + 1;
				const delay = Math.min(RESTART_FIRST_MS * 2 ** (failures - 1), RESTART_MAX_MS);
				log(`[mail] the mail thread exited (${code}); restarting in ${delay} ms`);
				restartTimer = setTimeout(() => void start(), delay);
			})
		);
	};
	const start = () =>
		launch().catch((error: unknown) => {
			log(`[mail] the mail thread could not be started: ${(error as Error).message}`);
			if (!stopped) restartTimer = setTimeout(() => void start(), RESTART_MAX_MS);
		});
	void start();

	return {
		wake() {
			// One message per turn of the event loop, however many sign-ups ended in it.
			if (wakeQueued) return;
			wakeQueued = true;
			setImmediate(() => {
				wakeQueued = false;
				// While it (re)starts nothing is lost: a starting worker looks at the outbox first.
				sendLogo();
				send('wake');
			});
		},
		async stop() {
			stopped = true;
			clearTimeout(restartTimer);
			const current = thread;
			if (!current || !exited) return;
			const done = exited;
			// Before it listens, the thread has nothing in hand and is simply ended.
			if (ready !== current) {
				await current.terminate();
				return;
			}
			send('stop');
			// The shutdown never waits for ever: past the grace the thread is terminated (the
			// message it was sending stays claimed until its lease runs out, never sent twice).
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				done,
				new Promise<void>((resolve) => {
					timer = setTimeout(() => void current.terminate().finally(resolve), stopGraceMs);
				})
			]);
			clearTimeout(timer);
		}
	};
}
