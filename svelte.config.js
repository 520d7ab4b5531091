import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { withFrontHandler } from './front/adapter.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	vitePlugin: {
		// Runes everywhere in our code; libraries keep whatever mode they were written in.
		dynamicCompileOptions: ({ filename }) =>
			filename.includes('node_modules') ? undefined : { runes: true }
	},
	kit: {
		// adapter-node, with kept event pages answered before SvelteKit sees the request (front/).
		adapter: withFrontHandler(adapter()),
		// Test support (databases, factories, seeded scenes) lives outside src so no product module
		// can reach it; tests beside the code import it as `$tests/…`. kit.alias reaches vitest (through
		// the Vite plugin) and svelte-check (through the generated tsconfig) alike.
		alias: { $tests: 'tests/support' },
		typescript: {
			// Type-check the tooling around the app too: the CLI, configs and test runner scripts.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../scripts/**/*.ts',
					'../drizzle.config.ts',
					'../playwright.config.ts'
				);
			}
		},
		// The cross-site form check runs in hooks.server.ts instead (src/lib/server/csrf.ts): the
		// same rule, plus one exemption SvelteKit cannot express, the RFC 8058 one-click unsubscribe.
		csrf: { trustedOrigins: ['*'] },
		// The door's service worker (src/service-worker.ts) is registered by the door page and its
		// offline shell only, for the staff area: never by a public page, as automatic registration
		// would. It keeps the door's manifest and icons and the site icon from static/.
		serviceWorker: {
			register: false,
			files: (file) => file.startsWith('door/') || file === 'favicon.svg'
		},
		// Nonces keep SvelteKit's own bootstrap script working without 'unsafe-inline'.
		csp: {
			mode: 'nonce',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// SvelteKit's route announcer hides itself with an inline style attribute
				// (sveltejs/kit#11993). Allow exactly that attribute and no other; if a SvelteKit
				// update changes it, the end-to-end CSP check fails and the hash needs updating.
				'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
