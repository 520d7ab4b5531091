import type { Db } from '../db';
import { describeSafely } from '../db/errors';
import { claimDue, markFailed, markRetry, markSent, releaseClaims } from './outbox';
import { PermanentMailError, type MailTransport } from './transport';

export interface ProcessResult {
	sent: number;
	retried: number;
	failed: number;
}

/**
 * Sends every message that is due now, one claimed batch at a time. `stopping` is asked between
 * messages: once it is true, the message being sent is finished and the rest of the batch is handed
 * back at once, so a shutdown does not wait for the whole outbox nor leave claims to a lease.
 */
export async function processOutbox(
	db: Db,
	transport: MailTransport,
	batchSize = 10,
	stopping: () => boolean = () => false
): Promise<ProcessResult> {
	const result: ProcessResult = { sent: 0, retried: 0, failed: 0 };
	while (!stopping()) {
		const batch = await claimDue(db, batchSize);
		if (batch.length === 0) return result;
		for (const [index, row] of batch.entries()) {
			if (stopping()) {
				await releaseClaims(db, batch.slice(index));
				return result;
			}
			if (!row.message) {
				await markFailed(db, row, 'message body missing');
				result.failed++;
				continue;
			}
			try {
				await transport.send({ id: row.id, message: row.message });
			} catch (error) {
				const text = error instanceof Error ? error.message : String(error);
				if (error instanceof PermanentMailError) {
					await markFailed(db, row, text);
					result.failed++;
				} else {
					await markRetry(db, row, text);
					result.retried++;
				}
				continue;
			}
			// Delivered. Failing to record that (the database away for a moment) is not a failed
			// send: retrying the message would deliver it twice. Try again briefly; if the database
			// stays away the claim stays, and only its lease running out can repeat the message.
			await withRetries(() => markSent(db, row));
			result.sent++;
		}
	}
	return result;
}

async function withRetries(action: () => Promise<void>, attempts = 5, delayMs = 1000) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await action();
		} catch (error) {
			if (attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, delayMs));
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
				const result = await processOutbox(db, transport, 10, () => stopped);
				if (result.retried || result.failed) {
					log(`[mail] sent ${result.sent}, will retry ${result.retried}, failed ${result.failed}`);
				}
			} catch (error) {
				// The database may be briefly away; the next tick tries again.
				log(`[mail] outbox run failed: ${describeSafely(error)}`);
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
