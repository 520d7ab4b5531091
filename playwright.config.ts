import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

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

// Chosen once in the runner; workers inherit the environment, so they all see the same server.
process.env.E2E_PORT ||= String(freePortSync());
process.env.E2E_MAILBOX_DIR ||= path.resolve(import.meta.dirname, 'tests/.tmp/e2e-mailbox');
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

// Playwright cannot download its own browser on every machine; Debian's Chromium works as well.
const executablePath =
	process.env.ILMO_CHROMIUM_PATH ||
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	forbidOnly: Boolean(process.env.CI),
	retries: process.env.CI ? 1 : 0,
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
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		command: 'npx tsx tests/e2e/support/server.ts',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		stderr: 'pipe',
		// SIGTERM lets the script stop the app, the mail sink and the database in order.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 }
	}
});
