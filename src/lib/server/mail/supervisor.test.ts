/**
 * The mail thread's supervisor (issue 18): a thread that fails is logged and started again with
 * back-off, and a stop waits for the thread to finish what it has in hand, but not for ever. The
 * thread runs a stand-in module here, so that a failure can be had without a trigger in the mail
 * thread itself; the real one is exercised by the rush tests (tests/rush).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startMailThread } from './supervisor';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-mail-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in mail thread: says it is ready, then does with each message what `body` says. */
function standIn(name: string, body: string) {
	const file = path.join(dir, `${name}.mjs`);
	writeFileSync(
		file,
		`import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
if (workerData?.mark === true) {
	parentPort.on('message', (message) => { ${body} });
	parentPort.postMessage('ready');
}
`
	);
	return async () => ({ url: pathToFileURL(file).href, ready: 'ready', mark: 'mark' });
}

function until(check: () => boolean, timeoutMs: number) {
	return new Promise<void>((resolve, reject) => {
		const deadline = Date.now() + timeoutMs;
		const poll = setInterval(() => {
			if (check()) resolve();
			else if (Date.now() > deadline) reject(new Error('not within the time'));
			else return;
			clearInterval(poll);
		}, 20);
	});
}

describe('the mail thread supervisor', () => {
	it('logs a thread that fails and starts it again, waiting longer each time', async () => {
		const lines: string[] = [];
		// It fails as soon as it has the logo, which the supervisor posts once it is ready.
		const supervisor = startMailThread({
			logo: () => null,
			log: (line) => lines.push(line),
			entry: standIn('failing', `if (typeof message === 'object') throw new Error('boom');`)
		});
		await until(() => lines.some((line) => line.includes('restarting in 2000 ms')), 10_000);
		await supervisor.stop();
		expect(lines).toEqual([
			'[mail] the mail thread failed: boom',
			'[mail] the mail thread exited (1); restarting in 1000 ms',
			'[mail] the mail thread failed: boom',
			'[mail] the mail thread exited (1); restarting in 2000 ms'
		]);
	});

	it('lets the thread finish on stop and does not start it again', async () => {
		const lines: string[] = [];
		const supervisor = startMailThread({
			logo: () => Buffer.from('logo'),
			log: (line) => lines.push(line),
			entry: standIn(
				'stopping',
				`if (message === 'stop') setTimeout(() => {
					writeFileSync(${JSON.stringify(path.join(dir, 'finished'))}, '');
					process.exit(0);
				}, 300);
				else if (typeof message === 'object' && String(Buffer.from(message.logo)) !== 'logo') throw new Error('logo');`
			)
		});
		// Ready and given the logo: a failure would be logged.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await supervisor.stop();
		// What it was doing when asked to stop was done before the stop returned.
		expect(existsSync(path.join(dir, 'finished'))).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(lines).toEqual([]);
	});

	it('ends a thread that does not stop within the grace', async () => {
		const lines: string[] = [];
		const supervisor = startMailThread({
			logo: () => null,
			log: (line) => lines.push(line),
			stopGraceMs: 200,
			// Busy for ever once asked to stop.
			entry: standIn('stuck', `if (message === 'stop') for (;;);`)
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await supervisor.stop();
		expect(lines).toEqual([]);
	});
});
