/**
 * The ilmo CLI compiled once into one file, for the tests that run it as a process. Under tsx every
 * run transformed and loaded the whole source tree again (about 4 s of CPU before the command
 * started); the compiled file is the same source with the packages left to node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
let compiled: string | undefined;

/** The path of the compiled CLI, built on first use in this test process; run it with `node`. */
export function ilmoCli(): string {
	if (compiled) return compiled;
	// Inside the project, so that the packages left out resolve from its node_modules.
	const parent = path.join(root, 'tests/.tmp');
	mkdirSync(parent, { recursive: true });
	const dir = mkdtempSync(path.join(parent, 'ilmo-cli-'));
	process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	const file = path.join(dir, 'ilmo.mjs');
	execFileSync(
		path.join(root, 'node_modules/.bin/esbuild'),
		[
			'scripts/ilmo.ts',
			'--bundle',
			'--platform=node',
			'--format=esm',
			'--packages=external',
			`--outfile=${file}`,
			'--log-level=warning'
		],
		{ cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }
	);
	compiled = file;
	return file;
}
