/** Figure 5: cold starts of `node build`, the baseline server and `npm run dev`. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { compileMessagesIfStale, defaultLayout } from '../../../scripts/paraglide-dev';
import { ensureMigratedSnapshot } from '../../../src/lib/server/db/migrated-snapshot';
import { freePort } from '../../support/postgres-server';
import { fmt, table } from '../report';
import { median, startProcess, waitForHttp } from '../support';
import type { Context, Target } from '../context';

export async function coldPhase(ctx: Context, app: Target, base: Target) {
	const runs = Math.max(1, ctx.settings.quick ? 1 : ctx.settings.runs);
	const devRuns = ctx.settings.quick ? 1 : 2;
	ctx.log(
		`cold starts: node build and baseline ${runs}×, npm run dev on a fresh data directory ${devRuns}×`
	);
	const timings: Record<string, number[]> = { app: [], baseline: [], dev: [] };
	const devPhases: DevPhases[] = [];
	for (let i = 0; i < runs; i++) {
		for (const target of [app, base]) {
			await target.server?.stop();
			timings[target.kind]!.push(await ctx.start(target));
		}
	}
	// What `npm install` leaves (its `prepare`, scripts/prepare-dev.ts): the messages compiled as dev
	// uses them and the migrated database snapshot. Untimed: the figure is the first start after it.
	await compileMessagesIfStale(defaultLayout(ctx.projectDir));
	await ensureMigratedSnapshot({
		migrationsFolder: path.join(ctx.projectDir, 'drizzle'),
		snapshotDir: path.join(ctx.projectDir, 'node_modules/.cache/ilmo')
	});
	for (let i = 0; i < devRuns; i++) {
		const port = await freePort();
		const dataDir = mkdtempSync(path.join(ctx.workDir, 'dev-data-'));
		const since = performance.now();
		const dev = startProcess({
			name: 'vite dev',
			command: process.execPath,
			args: [
				'node_modules/vite/bin/vite.js',
				'dev',
				'--port',
				String(port),
				'--strictPort',
				'--host',
				'127.0.0.1'
			],
			cwd: ctx.projectDir,
			url: `http://127.0.0.1:${port}`,
			logFile: path.join(ctx.workDir, 'dev.log'),
			env: { ...ctx.cleanEnv(), DATABASE_URL: '', ILMO_DATA_DIR: dataDir }
		});
		const phases = watchDevPhases(dev.child, since);
		try {
			const firstPage = await waitForHttp(`http://127.0.0.1:${port}/`, {
				since,
				server: dev,
				timeoutMs: 180_000
			});
			timings.dev!.push(firstPage);
			devPhases.push({ ...phases, firstPage });
		} finally {
			await dev.stop();
		}
	}
	ctx.rows.push(
		{
			figure: '5. cold start `node build`, existing database, to first page',
			app: fmt.s(median(timings.app!)),
			baseline: fmt.s(median(timings.baseline!))
		},
		{
			figure: '5. cold start `npm run dev`, fresh data directory, to first page',
			app: fmt.s(median(timings.dev!)),
			baseline: ''
		}
	);
	ctx.details.push(
		`#### 5. Cold starts (ms from spawn to the first 200 on GET /)\n\n` +
			table(
				['what', 'runs'],
				[
					['node build (app)', timings.app!.map((v) => fmt.int(v)).join(', ')],
					['baseline server', timings.baseline!.map((v) => fmt.int(v)).join(', ')],
					[
						'vite dev, fresh data dir (PGlite, migrations, demo seed)',
						timings.dev!.map((v) => fmt.int(v)).join(', ')
					]
				]
			) +
			'\n\n`npm run dev` on a fresh data directory, ms from spawn until each mark appears in its ' +
			"output: Vite's ready banner; the database open and migrated (the server hooks loaded first, " +
			'then `init`: its first line after the database); the demo seeded; the first page answered.\n\n' +
			table(
				['run', 'banner', 'database ready', 'demo seeded', 'first page'],
				devPhases.map((p, i) => [
					String(i + 1),
					fmt.int(p.banner ?? NaN),
					fmt.int(p.database ?? NaN),
					fmt.int(p.seeded ?? NaN),
					fmt.int(p.firstPage)
				])
			)
	);
}

interface DevPhases {
	banner?: number;
	database?: number;
	seeded?: number;
	firstPage: number;
}

/**
 * Marks in the dev server's output, timed as they arrive: the ready banner, the first line `init`
 * writes after opening the database (the SMTP notice: the bench sets no SMTP_URL), the demo seed.
 */
function watchDevPhases(child: ChildProcess, since: number): Omit<DevPhases, 'firstPage'> {
	const phases: Omit<DevPhases, 'firstPage'> = {};
	const marks: [keyof typeof phases, RegExp][] = [
		['banner', /ready in/],
		['database', /SMTP_URL is not set/],
		['seeded', /Demo data seeded|Demo staff login/]
	];
	const look = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		for (const [name, pattern] of marks) {
			if (phases[name] === undefined && pattern.test(text))
				phases[name] = performance.now() - since;
		}
	};
	child.stdout?.on('data', look);
	child.stderr?.on('data', look);
	return phases;
}
