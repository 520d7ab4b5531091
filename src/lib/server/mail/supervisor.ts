import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MailProcessMessage } from './process';
import type { MailWorker } from './worker';

export interface SupervisorOptions {
	/** The brand's logo now: the process attaches it to mail that shows it. */
	logo: () => Buffer | null;
	log?: (message: string) => void;
	/** How long a stop waits for the message being sent before the process is killed. */
	stopGraceMs?: number;
}

/** The first restart waits this long, each further one twice as long, up to the cap. */
const RESTART_FIRST_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A process that ran this long was healthy: its crash starts the back-off afresh. */
const HEALTHY_AFTER_MS = 60_000;
/**
 * The mail process handles one batch at a time, of small objects: a young generation of 1 MiB
 * (V8's default grows to 16 MiB per semi-space, all of it resident afterwards) is enough.
 * After the server's own flags, so that these win.
 */
const MAIL_PROCESS_V8_FLAGS = ['--max-semi-space-size=1'];

/**
 * Runs the outbox worker in a child process (process.ts) and keeps it running: a crash is logged
 * and followed by a restart with back-off. The server only wakes it; rows written by another
 * instance are found by the worker's own polling. The module is loaded when first needed, so that
 * the build keeps it in a chunk of its own, which is the file the child runs.
 */
export function startMailProcess(options: SupervisorOptions): MailWorker {
	const log = options.log ?? ((message: string) => console.error(message));
	const stopGraceMs = options.stopGraceMs ?? 60_000;
	let child: ChildProcess | undefined;
	/** The child once it listens: what is sent before then would be lost. */
	let ready: ChildProcess | undefined;
	let stopped = false;
	let failures = 0;
	let restartTimer: NodeJS.Timeout | undefined;
	let wakeQueued = false;
	let sentLogo: Buffer | null = null;

	const send = (message: MailProcessMessage) => {
		if (ready?.connected) ready.send(message, () => {});
	};
	// Before a wake-up, so the messages it sends show the logo the server rendered them with.
	const sendLogo = (force = false) => {
		const logo = options.logo();
		// Each reload of the brand reads fresh bytes: compared by content, not by reference.
		const same = logo === sentLogo || (logo !== null && sentLogo !== null && logo.equals(sentLogo));
		if (same && !force) return;
		sentLogo = logo;
		send({ logo: logo?.toString('base64') ?? null });
	};

	const launch = async () => {
		const { mailProcessUrl, MAIL_PROCESS_ENV, MAIL_PROCESS_READY } = await import('./process');
		if (stopped) return;
		const startedAt = Date.now();
		const current = fork(fileURLToPath(mailProcessUrl), [], {
			env: { ...process.env, [MAIL_PROCESS_ENV]: '1' },
			execArgv: [...process.execArgv, ...MAIL_PROCESS_V8_FLAGS],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		child = current;
		current.on('message', (message) => {
			if (message !== MAIL_PROCESS_READY || stopped) return;
			ready = current;
			sendLogo(true);
		});
		const ended = (reason: string) => {
			if (child !== current) return;
			child = undefined;
			if (ready === current) ready = undefined;
			if (stopped) return;
			failures = Date.now() - startedAt > HEALTHY_AFTER_MS ? 1 : failures + 1;
			const delay = Math.min(RESTART_FIRST_MS * 2 ** (failures - 1), RESTART_MAX_MS);
			log(`[mail] the mail process ${reason}; restarting in ${delay} ms`);
			restartTimer = setTimeout(() => void start(), delay);
		};
		current.on('error', (error) => {
			log(`[mail] the mail process: ${error.message}`);
			// A process that could not be started sends no 'exit'.
			if (current.pid === undefined) ended('could not be started');
		});
		current.once('exit', (code, signal) => ended(`exited (${signal ?? code})`));
	};
	const start = () =>
		launch().catch((error: unknown) => {
			log(`[mail] the mail process could not be started: ${(error as Error).message}`);
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
			const current = child;
			if (!current || current.exitCode !== null || current.signalCode !== null) return;
			// The shutdown never waits for ever: past the grace the process is killed, and a
			// process that does not even report that is left behind.
			const exited = new Promise<void>((resolve) => {
				current.once('exit', () => resolve());
				const kill = setTimeout(() => current.kill('SIGKILL'), stopGraceMs);
				const giveUp = setTimeout(resolve, stopGraceMs + 5000);
				current.once('exit', () => {
					clearTimeout(kill);
					clearTimeout(giveUp);
				});
			});
			// Before it listens, the process has nothing in hand and ends at the signal.
			if (ready === current && current.connected) send('stop');
			else current.kill('SIGTERM');
			await exited;
		}
	};
}
