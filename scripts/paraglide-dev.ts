/**
 * Paraglide's compiled messages for `npm run dev` and vitest, compiled only when they are stale.
 *
 * Paraglide's own Vite plugin compiles on every start (about 5 s here: loading the inlang SDK and
 * the message-format plugin, then writing the output) although `npm install`'s `prepare` has just
 * compiled the same messages. Here a stamp beside the output records what it was compiled from: a
 * hash of the inputs (settings, message files, compiler options and version) and of two output files,
 * so that an output another compile rewrote (`vite build`'s message modules, the paraglide-js CLI's
 * clean compile) does not pass as current. `vite build` keeps Paraglide's plugin: it always compiles.
 * `npm install` compiles and stamps through scripts/prepare-dev.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { installedVersion } from '../src/lib/server/installed-version';

export interface MessagesLayout {
	root: string;
	project: string;
	outdir: string;
	messagesDir: string;
}

export function defaultLayout(root = process.cwd()): MessagesLayout {
	return {
		root,
		project: path.join(root, 'project.inlang'),
		outdir: path.join(root, 'src/lib/paraglide'),
		messagesDir: path.join(root, 'messages')
	};
}

const STAMP = '.ilmo-compiled';

/**
 * What Paraglide's Vite plugin compiles in development: one module per locale (one per message would
 * be some 2,200 modules for Vite to transform), with its server test.
 */
const DEV_OPTIONS = {
	// URL first, then the base locale: no cookie, no header sniffing, so public pages stay cookie-free.
	strategy: ['url', 'baseLocale'] as ('url' | 'baseLocale')[],
	outputStructure: 'locale-modules' as const,
	isServer: "import.meta.env?.SSR ?? typeof window === 'undefined'"
};

/** The inputs: settings, every message file, the options and the compiler's version. */
function hashInputs(layout: MessagesLayout): string {
	const hash = createHash('sha256');
	hash.update(
		JSON.stringify({ ...DEV_OPTIONS, version: installedVersion('@inlang/paraglide-js') })
	);
	hash.update(readFileSync(path.join(layout.project, 'settings.json')));
	for (const name of readdirSync(layout.messagesDir).sort()) {
		const content = readFileSync(path.join(layout.messagesDir, name));
		hash.update(`\0${name}:${content.length}:`);
		hash.update(content);
	}
	return hash.digest('hex');
}

/** Two files that every compile rewrites and that differ between output structures and options. */
function hashOutput(layout: MessagesLayout): string | undefined {
	const hash = createHash('sha256');
	for (const file of ['runtime.js', 'messages/_index.js']) {
		const full = path.join(layout.outdir, file);
		if (!existsSync(full)) return undefined;
		hash.update(readFileSync(full));
	}
	return hash.digest('hex');
}

function stampFor(layout: MessagesLayout): string | undefined {
	const output = hashOutput(layout);
	return output && `${hashInputs(layout)} ${output}\n`;
}

/** Whether the output in the outdir was compiled by compileMessages from the current inputs. */
export function isCompiledOutputCurrent(layout: MessagesLayout): boolean {
	const stampFile = path.join(layout.outdir, STAMP);
	if (!existsSync(stampFile)) return false;
	try {
		return readFileSync(stampFile, 'utf8') === stampFor(layout);
	} catch {
		return false;
	}
}

/**
 * Compiles as Paraglide's plugin does in development, then stamps the output. A running dev server
 * compiles without cleaning the outdir first: Vite may be reading it (the plugin does the same).
 */
export async function compileMessages(
	layout: MessagesLayout,
	{ clean = false } = {}
): Promise<void> {
	const stampFile = path.join(layout.outdir, STAMP);
	// Unstamped while it is written: a compile that fails half-way leaves no stamp behind.
	rmSync(stampFile, { force: true });
	// Imported here, not at the top: loading the compiler alone takes over a second.
	const { compile } = await import('@inlang/paraglide-js');
	await compile({
		project: layout.project,
		outdir: layout.outdir,
		...DEV_OPTIONS,
		cleanOutdir: clean
	});
	const stamp = stampFor(layout);
	if (stamp) writeFileSync(stampFile, stamp);
}

export async function compileMessagesIfStale(layout: MessagesLayout): Promise<boolean> {
	if (isCompiledOutputCurrent(layout)) return false;
	await compileMessages(layout);
	return true;
}

/**
 * The dev-server and vitest stand-in for Paraglide's Vite plugin: compiles at start only when stale,
 * and again when a message file or the settings change while the server runs.
 */
export function paraglideDevPlugin(layout: MessagesLayout = defaultLayout()): Plugin {
	let running: Promise<unknown> = Promise.resolve();
	// One compile at a time: a save while compiling queues another, which reads the newer files.
	const queue = (work: () => Promise<unknown>) => {
		running = running.then(work, work);
		return running;
	};
	const report = (error: unknown) =>
		console.error('[paraglide] Compiling the messages failed:', (error as Error).message);
	const isInput = (file: string) => {
		const full = path.resolve(file);
		return (
			path.dirname(full) === layout.messagesDir ||
			full === path.join(layout.project, 'settings.json')
		);
	};
	return {
		name: 'ilmo-paraglide-dev',
		enforce: 'pre',
		async buildStart() {
			await queue(() => compileMessagesIfStale(layout)).catch(report);
			this.addWatchFile(path.join(layout.project, 'settings.json'));
			for (const name of readdirSync(layout.messagesDir)) {
				this.addWatchFile(path.join(layout.messagesDir, name));
			}
		},
		async watchChange(file) {
			if (!isInput(file)) return;
			console.log(
				`[paraglide] ${path.relative(layout.root, file)} changed: compiling the messages`
			);
			await queue(() => compileMessages(layout)).catch(report);
		}
	};
}
