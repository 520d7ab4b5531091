import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideDevPlugin } from './scripts/paraglide-dev.js';

// `npm test` compiles the messages once and then runs svelte-check beside vitest: a second
// compile here would rewrite the files svelte-check is reading (scripts/test.ts).
const messagesCompiled = process.env.ILMO_MESSAGES_COMPILED === '1';

/** `vite build` always compiles the messages, with Paraglide's own plugin (imported only here). */
async function paraglideBuildPlugin() {
	const { paraglideVitePlugin } = await import('@inlang/paraglide-js');
	return paraglideVitePlugin({
		project: './project.inlang',
		outdir: './src/lib/paraglide',
		// URL first, then the base locale: no cookie, no header sniffing, so public pages stay cookie-free.
		strategy: ['url', 'baseLocale']
	});
}

export default defineConfig(async ({ command }) => ({
	plugins: [
		sveltekit(),
		// The dev server and vitest compile only when the compiled output is stale (scripts/paraglide-dev.ts).
		...(messagesCompiled
			? []
			: [command === 'build' ? await paraglideBuildPlugin() : paraglideDevPlugin()])
	],
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/support/**/*.test.ts'],
		globalSetup: ['tests/support/vitest-global-setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two files at a time: a file mostly waits on its databases and child processes, and each file
		// has its own databases, ports and temporary folders. Explicit, as vitest's default is one fewer
		// worker than cores, a single one on a 2-core CI machine.
		fileParallelism: true,
		maxWorkers: 2
	}
}));
