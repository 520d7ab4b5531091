import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The rush and fault tests: several `node build` instances on one PostgreSQL server. They need the
 * production build, so scripts/test.ts runs them with this config after `vite build`, apart from the
 * unit and integration tests (vite.config.ts), which run before it.
 */
export default defineConfig({
	root,
	test: {
		include: ['tests/rush/**/*.test.ts'],
		globalSetup: ['tests/support/vitest-global-setup.ts'],
		// One scenario at a time: each drives two cores' worth of load on its own.
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 60_000
	}
});
