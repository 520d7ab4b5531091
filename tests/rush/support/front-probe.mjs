/**
 * Loaded into a `node build` instance with `--import` (tests/rush/production.test.ts): writes a line
 * for each request the built handler answers in front of SvelteKit (front/handler.js), so that a
 * test can tell the two paths apart without a byte of the answers changing.
 */
import { writeSync } from 'node:fs';

export const PROBE_LINE = '[front-probe]';
const FRONT_ANSWER = Symbol.for('ilmo.eventPageFront');

/** @type {undefined | ((req: import('node:http').IncomingMessage, res: unknown, origin: string) => boolean)} */
let answer;

/** @type {NonNullable<typeof answer>} */
function probed(req, res, origin) {
	const answered = answer?.(req, res, origin) ?? false;
	// Synchronous, so that the line is in the pipe before the answer leaves.
	if (answered) writeSync(1, `${PROBE_LINE} ${req.method} ${req.url}\n`);
	return answered;
}

Object.defineProperty(globalThis, FRONT_ANSWER, {
	configurable: true,
	get: () => (answer ? probed : undefined),
	set: (value) => {
		answer = value;
	}
});
