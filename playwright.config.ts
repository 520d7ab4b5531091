import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';

/**
 * A port the OS reports free. The config is loaded by the runner and again by every worker, and
 * needs the URL before anything async can run, so ask a short-lived child process synchronously.
 */
function freePortSync(): number {
	const script =
		"const s=require('node:net').createServer();" +
		"s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
	const port = Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
	if (!Number.isInteger(port) || port <= 0) throw new Error('could not find a free port');
	return port;
}

// Chosen once in the runner; workers inherit the environment, so they all see the same servers.
process.env.E2E_PORT ||= String(freePortSync());
while (!process.env.E2E_PGLITE_PORT || process.env.E2E_PGLITE_PORT === process.env.E2E_PORT) {
	process.env.E2E_PGLITE_PORT = String(freePortSync());
}
process.env.E2E_MAILBOX_DIR ||= path.resolve(import.meta.dirname, 'tests/.tmp/e2e-mailbox');
process.env.E2E_PGLITE_MAILBOX_DIR ||= `${process.env.E2E_MAILBOX_DIR}-pglite`;
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
const pgliteURL = `http://127.0.0.1:${process.env.E2E_PGLITE_PORT}`;

// Playwright cannot download its own browser on every machine; Debian's Chromium works as well.
const executablePath =
	process.env.ILMO_CHROMIUM_PATH ||
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

type WebServer = Exclude<NonNullable<PlaywrightTestConfig['webServer']>, unknown[]>;

/** The app with its mail sink and database (tests/e2e/support/server.ts) at `url`. */
function appServer(url: string, env: Record<string, string>): WebServer {
	return {
		command: 'npx tsx tests/e2e/support/server.ts',
		url: `${url}/healthz`,
		env,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		stderr: 'pipe',
		// SIGTERM lets the script stop the app, the mail sink and the database in order.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 }
	};
}

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	forbidOnly: Boolean(process.env.CI),
	// The retry is there for the trace of a first failure; a test that passes only on it fails the
	// run all the same, and scripts/test.ts names it.
	retries: process.env.CI ? 1 : 0,
	failOnFlakyTests: Boolean(process.env.CI),
	// Two cores: more workers than that only make every test slower and timing-sensitive.
	workers: 2,
	reporter: 'list',
	outputDir: 'test-results',
	// Guards against a hang, not measures of speed: a journey with several pages, each checked with
	// axe, takes 20-50 s on two loaded cores, so the guards leave it twice that.
	timeout: 60_000,
	expect: { timeout: 15_000 },
	use: {
		baseURL,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath }
	},
	// Every journey on PostgreSQL; the core ones (tagged @pglite) again on the embedded database
	// that `npm run dev` and a small installation use. tests/e2e/support/mailbox.ts reads the
	// project's own mailbox.
	projects: [
		{
			name: 'chromium',
			use: { ...devices['Desktop Chrome'] },
			metadata: { database: 'postgres', mailboxDir: process.env.E2E_MAILBOX_DIR }
		},
		{
			name: 'pglite',
			grep: /@pglite/,
			use: { ...devices['Desktop Chrome'], baseURL: pgliteURL },
			metadata: { database: 'pglite', mailboxDir: process.env.E2E_PGLITE_MAILBOX_DIR }
		}
	],
	webServer: [
		appServer(baseURL, { E2E_DATABASE: 'postgres' }),
		appServer(pgliteURL, {
			E2E_DATABASE: 'pglite',
			E2E_PORT: process.env.E2E_PGLITE_PORT!,
			E2E_MAILBOX_DIR: process.env.E2E_PGLITE_MAILBOX_DIR!
		})
	]
});
