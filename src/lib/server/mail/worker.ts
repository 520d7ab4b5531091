import type { Db } from '../db';
import { claimDue, markFailed, markRetry, markSent } from './outbox';
import { PermanentMailError, type MailTransport } from './transport';

export interface ProcessResult {
	sent: number;
	retried: number;
	failed: number;
}

/** Sends every message that is due now, one claimed batch at a time. */
export async function processOutbox(
	db: Db,
	transport: MailTransport,
	batchSize = 10
): Promise<ProcessResult> {
	const result: ProcessResult = { sent: 0, retried: 0, failed: 0 };
	for (;;) {
		const batch = await claimDue(db, batchSize);
		if (batch.length === 0) return result;
		for (const row of batch) {
			if (!row.message) {
				await markFailed(db, row, 'message body missing');
				result.failed++;
				continue;
			}
			try {
				await transport.send({ id: row.id, message: row.message });
				await markSent(db, row);
				result.sent++;
			} catch (error) {
				const text = error instanceof Error ? error.message : String(error);
				if (error instanceof PermanentMailError) {
					await markFailed(db, row, text);
					result.failed++;
				} else {
					await markRetry(db, row, text);
					result.retried++;
				}
			}
		}
	}
}

export interface MailWorker {
	/** Ask the worker to look at the outbox now instead of at its next tick. */
	wake(): void;
	stop(): Promise<void>;
}

/** Polls the outbox; `wake()` after an enqueue makes delivery immediate without waiting for the poll. */
export function startMailWorker(
	db: Db,
	transport: MailTransport,
	options: { intervalMs?: number; log?: (message: string) => void } = {}
): MailWorker {
	const intervalMs = options.intervalMs ?? 5000;
	const log = options.log ?? ((message: string) => console.error(message));
	let stopped = false;
	let wakeUp: (() => void) | undefined;
	let pendingWake = false;

	const loop = async () => {
		while (!stopped) {
			pendingWake = false;
			try {
				const result = await processOutbox(db, transport);
				if (result.retried || result.failed) {
					log(`[mail] sent ${result.sent}, will retry ${result.retried}, failed ${result.failed}`);
				}
			} catch (error) {
				// The database may be briefly away; the next tick tries again.
				// A failed query's message holds its parameters (addresses): log the code only.
				const code = (error as { cause?: { code?: string }; code?: string }).cause?.code;
				log(`[mail] outbox run failed: ${code ?? (error as { code?: string }).code ?? 'error'}`);
			}
			if (stopped) break;
			if (pendingWake) continue;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, intervalMs);
				timer.unref();
				wakeUp = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			wakeUp = undefined;
		}
	};
	const running = loop();

	return {
		wake() {
			pendingWake = true;
			wakeUp?.();
		},
		async stop() {
			stopped = true;
			wakeUp?.();
			await running;
			transport.close();
		}
	};
}
