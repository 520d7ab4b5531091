/** Figure 5: cold starts of `node build`, the baseline server and `npm run dev`. */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
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
	for (let i = 0; i < runs; i++) {
		for (const target of [app, base]) {
			await target.server?.stop();
			timings[target.kind]!.push(await ctx.start(target));
		}
	}
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
		try {
			timings.dev!.push(
				await waitForHttp(`http://127.0.0.1:${port}/`, { since, server: dev, timeoutMs: 180_000 })
			);
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
			)
	);
}
