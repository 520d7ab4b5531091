import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * postgres.js 3.4.9 is patched (patches/postgres+3.4.9.patch, applied by patch-package on install):
 * its internal queue compacts itself, and a write scheduled on a closed socket settles instead of
 * throwing from a timer. These tests run the driver's own queue as installed.
 */
const require = createRequire(import.meta.url);
// The package's CommonJS entry is cjs/src/index.js; its root is two levels up.
const driverRoot = path.resolve(path.dirname(require.resolve('postgres')), '../..');

interface DriverQueue<T> {
	readonly length: number;
	push(x: T): T;
	shift(): T | undefined;
	remove(x: T): T | null;
}
const Queue = require(path.join(driverRoot, 'cjs/src/queue.js')) as <T>(
	initial?: T[]
) => DriverQueue<T>;

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

describe('the patched postgres.js queue', () => {
	it('behaves as a FIFO with removal, against an array model, over 200 seeded runs', () => {
		// Plain comparisons in the loop, one expect at the end: 400,000 expect calls take seconds.
		const mismatches: string[] = [];
		for (let seed = 1; seed <= 200 && mismatches.length === 0; seed++) {
			const next = random(seed);
			const queue = Queue<number>();
			const model: number[] = [];
			let counter = 0;
			for (let step = 0; step < 2_000; step++) {
				const roll = next();
				let got: number | null | undefined = null;
				let want: number | null | undefined = null;
				if (roll < 0.45) {
					const value = counter++;
					queue.push(value);
					model.push(value);
				} else if (roll < 0.85) {
					if (model.length === 0) continue;
					got = queue.shift();
					want = model.shift();
				} else {
					// Remove something present (usually) or absent (sometimes).
					const present = model.length > 0 && next() < 0.8;
					const value = present ? model[Math.floor(next() * model.length)]! : -1;
					const at = model.indexOf(value);
					if (at !== -1) model.splice(at, 1);
					got = queue.remove(value);
					want = at === -1 ? null : value;
				}
				if (got !== want || queue.length !== model.length) {
					mismatches.push(
						`seed ${seed} step ${step}: got ${got}/${queue.length}, want ${want}/${model.length}`
					);
					break;
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('keeps working through a long steady state that never runs empty (the busy queue)', () => {
		const queue = Queue<object>();
		const connections = Array.from({ length: 10 }, (_, id) => ({ id }));
		for (const c of connections) queue.push(c);
		for (let round = 0; round < 100_000; round++) {
			const c = queue.shift()!;
			queue.push(c);
			if (round % 7 === 0) {
				expect(queue.remove(c)).toBe(c);
				queue.push(c);
			}
		}
		expect(queue.length).toBe(10);
		const order = Array.from({ length: 10 }, () => queue.shift());
		expect(new Set(order).size).toBe(10);
		expect(queue.length).toBe(0);
	});

	it('is the patched driver: the install step applied patches/postgres+3.4.9.patch', () => {
		// Without the patch a write scheduled on a socket closed by a server restart throws from a
		// timer and kills the process (porsager/postgres#1208); the rush tests restart the server.
		for (const build of ['src', 'cjs/src', 'cf/src']) {
			const connection = readFileSync(path.join(driverRoot, build, 'connection.js'), 'utf8');
			expect(connection, build).toContain(
				"error(Errors.connection('CONNECTION_CLOSED', options))\n      return false"
			);
			const queue = readFileSync(path.join(driverRoot, build, 'queue.js'), 'utf8');
			expect(queue, build).toContain('xs.indexOf(x, index)');
		}
	});
});
