/**
 * The command line against the app's own database, as an operator runs it beside a running app:
 * `npm run ilmo -- jobs:run`. The e2e server (server.ts) writes where its PostgreSQL database is,
 * beside the project's mailbox, because it makes a fresh database with a random name each run.
 * No runtime import of Playwright here: server.ts, outside the test runner, imports this too.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TestInfo } from '@playwright/test';

/** The app's secret key in the e2e run: a test value (production refuses to start without one). */
export const E2E_SECRET_KEY = 'e2e-secret-key-not-secret-0123456789';

/** Where server.ts records its database's URL for the run whose mailbox is `mailboxDir`. */
export function databaseUrlFile(mailboxDir: string): string {
	return `${mailboxDir}.database-url`;
}

/** The URL of the database the app of this test's project runs on (PostgreSQL projects only). */
export function appDatabaseUrl(testInfo: TestInfo): string {
	const dir = (testInfo.project.metadata as { mailboxDir?: string }).mailboxDir;
	const file = dir && databaseUrlFile(dir);
	if (!file || !existsSync(file)) {
		throw new Error('no database URL from the e2e server; run through `npx playwright test`');
	}
	return readFileSync(file, 'utf8').trim();
}

/** Runs `ilmo jobs:run` once against the app's database with the app's origin; returns what it printed. */
export async function runJobsCli(testInfo: TestInfo): Promise<string> {
	const inherited = { ...process.env };
	delete inherited.ILMO_DATA_DIR;
	const { stdout } = await promisify(execFile)(
		process.execPath,
		['--import', 'tsx', 'scripts/ilmo.ts', 'jobs:run'],
		{
			env: {
				...inherited,
				NODE_ENV: 'production',
				DATABASE_URL: appDatabaseUrl(testInfo),
				// The links in what the jobs send must lead to the app under test.
				ORIGIN: String(testInfo.project.use.baseURL),
				ILMO_SECRET_KEY: E2E_SECRET_KEY
			},
			timeout: 30_000
		}
	);
	return stdout;
}
