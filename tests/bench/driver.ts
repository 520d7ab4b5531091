/**
 * The postgres.js queue fix, applied to a copy of the installed driver in the benchmark's work
 * directory (node_modules is never touched), and a module hook that makes a server process load that
 * copy instead of the installed one, so the same build can be measured with either driver.
 *
 * The problem (postgres.js ≤ 3.4.9, src/queue.js; upstream issue porsager/postgres#747): a Queue keeps
 * shifted entries as holes until it is empty, and `remove` searches the whole array with indexOf.
 * Under steady load the pool's `busy` queue is never empty: every pipelined query shifts a connection
 * out and pushes it back (growing the array by one), and `move()` then calls `remove()` for a
 * connection that is no longer there, scanning every hole. Work per query grows with the number of
 * queries served so far, and throughput falls as the process runs.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The change, as a unified diff of postgres/src/queue.js (the same for cjs/ and cf/). */
export const QUEUE_PATCH = `--- a/src/queue.js
+++ b/src/queue.js
@@ remove: (x) => {
-      const index = xs.indexOf(x)
-      return index === -1
+      // Only xs[index..] is live: the head holds already-shifted holes.
+      const at = xs.indexOf(x, index)
+      return at === -1
         ? null
-        : (xs.splice(index, 1), x)
+        : (xs.splice(at, 1), x)
@@ shift: () => {
       } else {
         xs[index - 1] = undefined
+        // A queue that is never empty (a busy pool under steady load) would otherwise keep its
+        // consumed head for ever: compact once the head is at least half of the array.
+        if (index >= 1024 && index * 2 >= xs.length) {
+          xs = xs.slice(index)
+          index = 0
+        }
       }`;

const REPLACEMENTS: [string, string][] = [
	[
		`      const index = xs.indexOf(x)
      return index === -1
        ? null
        : (xs.splice(index, 1), x)`,
		`      // Only xs[index..] is live: the head holds already-shifted holes.
      const at = xs.indexOf(x, index)
      return at === -1
        ? null
        : (xs.splice(at, 1), x)`
	],
	[
		`      } else {
        xs[index - 1] = undefined
      }`,
		`      } else {
        xs[index - 1] = undefined
        // A queue that is never empty (a busy pool under steady load) would otherwise keep its
        // consumed head for ever: compact once the head is at least half of the array.
        if (index >= 1024 && index * 2 >= xs.length) {
          xs = xs.slice(index)
          index = 0
        }
      }`
	]
];

/** Copies the installed postgres.js into `workDir` with the queue fix; returns its ESM entry. */
export function patchedPostgres(projectDir: string, workDir: string): string {
	const installed = realpathSync(path.join(projectDir, 'node_modules/postgres'));
	const target = path.join(workDir, 'patched-driver/node_modules/postgres');
	mkdirSync(path.dirname(target), { recursive: true });
	cpSync(installed, target, { recursive: true });
	for (const file of ['src/queue.js', 'cjs/src/queue.js', 'cf/src/queue.js']) {
		const full = path.join(target, file);
		if (!existsSync(full)) continue;
		let text = readFileSync(full, 'utf8');
		for (const [from, to] of REPLACEMENTS) {
			if (!text.includes(from)) {
				throw new Error(`postgres.js ${file} is not the version this patch is for`);
			}
			text = text.replace(from, to);
		}
		writeFileSync(full, text);
	}
	return path.join(target, 'src/index.js');
}

/**
 * A file for `node --import FILE` that resolves the bare specifier `postgres` to `entry`; the
 * server's own code and its other dependencies are loaded as usual.
 */
export function driverHook(workDir: string, entry: string): { register: string; marker: string } {
	const hooks = path.join(workDir, 'driver-hooks.mjs');
	const register = path.join(workDir, 'driver-register.mjs');
	// Written when the hook first hands out the patched driver: proof that the process loaded it.
	const marker = path.join(workDir, 'driver-used');
	writeFileSync(
		hooks,
		`import { writeFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
	if (specifier !== 'postgres') return next(specifier, context);
	writeFileSync(${JSON.stringify(marker)}, String(process.pid));
	return { url: ${JSON.stringify(pathToFileURL(entry).href)}, shortCircuit: true };
}
`
	);
	writeFileSync(
		register,
		`import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)});
`
	);
	return { register, marker };
}
