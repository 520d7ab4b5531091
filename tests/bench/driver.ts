/**
 * The postgres.js queue fix, measured: the installed driver (node_modules/postgres, 3.4.9 with
 * patches/postgres+3.4.9.patch applied by `postinstall`) against a copy of it in the benchmark's work
 * directory with that patch reversed, i.e. postgres.js 3.4.9 as published (node_modules is never
 * touched), and a module hook that makes a server process load the copy instead of the installed
 * driver, so the same build can be measured with either.
 *
 * The problem (postgres.js ≤ 3.4.9, src/queue.js; upstream issue porsager/postgres#747): a Queue keeps
 * shifted entries as holes until it is empty, and `remove` searches the whole array, holes included,
 * with indexOf. Under steady load the pool's `busy` queue is never empty: every pipelined query shifts
 * a connection out and pushes it back (growing the array by one), and `move()` then calls `remove()`
 * for a connection that is no longer there, scanning every hole. Work per query grows with the number
 * of queries served so far, and throughput falls as the process runs.
 *
 * The patch (the same in src/, cjs/src and cf/src): `remove` searches only the live part,
 * `xs.indexOf(x, index)`, and `shift` drops the consumed head with `xs.slice(index)` once
 * `index >= 64 && index * 2 >= xs.length`. It also makes connection.js settle a write scheduled on a
 * socket that has closed since (an error for the query instead of a throw from a timer); that only
 * changes what happens when a connection is lost, not the steady-load figures measured here.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The patch the installed driver carries, relative to the project directory. */
export const DRIVER_PATCH = 'patches/postgres+3.4.9.patch';

interface Hunk {
	/** The text as published (context and `-` lines). */
	before: string;
	/** The text as patched (context and `+` lines). */
	after: string;
}

/** The hunks of a patch-package patch per file, keyed by the path inside node_modules/postgres. */
function parsePatch(text: string): Map<string, Hunk[]> {
	const files = new Map<string, Hunk[]>();
	let hunks: Hunk[] | undefined;
	let hunk: { before: string[]; after: string[] } | undefined;
	const close = () => {
		if (hunk && hunks) hunks.push({ before: hunk.before.join('\n'), after: hunk.after.join('\n') });
		hunk = undefined;
	};
	for (const line of text.split('\n')) {
		const file = /^diff --git a\/node_modules\/postgres\/(\S+) /.exec(line);
		if (file) {
			close();
			hunks = [];
			files.set(file[1]!, hunks);
		} else if (line.startsWith('@@')) {
			close();
			hunk = { before: [], after: [] };
		} else if (hunk) {
			if (line.startsWith(' ') || line === '') {
				hunk.before.push(line.slice(1));
				hunk.after.push(line.slice(1));
			} else if (line.startsWith('-')) hunk.before.push(line.slice(1));
			else if (line.startsWith('+')) hunk.after.push(line.slice(1));
			else if (!line.startsWith('\\')) close(); // the next file's header lines
		}
	}
	close();
	// A trailing newline of the patch file is not a context line of the last hunk.
	for (const list of files.values()) {
		for (const h of list) {
			while (h.before.endsWith('\n') && h.after.endsWith('\n')) {
				h.before = h.before.slice(0, -1);
				h.after = h.after.slice(0, -1);
			}
		}
	}
	return files;
}

/** The src/queue.js part of the patch, as shown in RESULTS.md (cjs/ and cf/ carry the same change). */
export function queuePatch(projectDir: string): string {
	const text = readFileSync(path.join(projectDir, DRIVER_PATCH), 'utf8');
	const start = text.indexOf('diff --git a/node_modules/postgres/src/queue.js ');
	if (start === -1) throw new Error(`${DRIVER_PATCH} does not change src/queue.js`);
	const end = text.indexOf('\ndiff --git ', start);
	return text
		.slice(start, end === -1 ? undefined : end)
		.trimEnd()
		.split('\n')
		.filter((line) => !line.startsWith('diff --git ') && !line.startsWith('index '))
		.join('\n')
		.replaceAll('/node_modules/postgres/', '/');
}

/**
 * Copies the installed postgres.js into `workDir` and reverses patches/postgres+3.4.9.patch in the
 * copy, which gives postgres.js 3.4.9 as published; returns the copy's ESM entry. Fails if the
 * installed driver is not 3.4.9 with the patch applied (then there would be nothing to compare).
 */
export function publishedPostgres(projectDir: string, workDir: string): string {
	const installed = realpathSync(path.join(projectDir, 'node_modules/postgres'));
	const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
		version: string;
	};
	if (version !== '3.4.9') throw new Error(`installed postgres.js is ${version}, not 3.4.9`);
	const target = path.join(workDir, 'published-driver/node_modules/postgres');
	mkdirSync(path.dirname(target), { recursive: true });
	cpSync(installed, target, { recursive: true });
	const patch = parsePatch(readFileSync(path.join(projectDir, DRIVER_PATCH), 'utf8'));
	if (!patch.has('src/queue.js')) throw new Error(`${DRIVER_PATCH} does not change src/queue.js`);
	for (const [file, hunks] of patch) {
		const full = path.join(target, file);
		if (!existsSync(full)) throw new Error(`${DRIVER_PATCH} changes ${file}, not in the driver`);
		let text = readFileSync(full, 'utf8');
		let from = 0;
		for (const { before, after } of hunks) {
			const at = text.indexOf(after, from);
			if (at === -1) {
				throw new Error(
					`node_modules/postgres/${file} does not carry ${DRIVER_PATCH} (run npm install)`
				);
			}
			text = text.slice(0, at) + before + text.slice(at + after.length);
			from = at + before.length;
		}
		writeFileSync(full, text);
	}
	// The copy's queue must be the published one, or the comparison would measure nothing.
	for (const file of ['src/queue.js', 'cjs/src/queue.js', 'cf/src/queue.js']) {
		const full = path.join(target, file);
		if (!existsSync(full)) continue;
		const text = readFileSync(full, 'utf8');
		if (!text.includes('const index = xs.indexOf(x)\n') || text.includes('xs.slice(index)')) {
			throw new Error(`the copy's ${file} is not the queue of postgres.js 3.4.9 as published`);
		}
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
	// Written when the hook first hands out the copy: proof that the process loaded it.
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
