/** The `driver` phase (only with --only=driver): the postgres.js queue fix, per slice. */
import { existsSync, rmSync } from 'node:fs';
import { freePort } from '../../support/postgres-server';
import { DRIVER_PATCH, driverHook, publishedPostgres, queuePatch } from '../driver';
import type { LoadResult } from '../load';
import { fmt } from '../report';
import { waitForQuiet } from '../support';
import type { Context, Target } from '../context';
import { firstToLast, getRun, sliceTable } from './runs';

/**
 * The postgres.js queue fix: the same build against postgres.js 3.4.9 as published (a copy in the
 * work directory with patches/postgres+3.4.9.patch reversed, loaded through a module hook on a
 * second port) and against the installed driver, which carries the patch.
 */
export async function driverPhase(ctx: Context, app: Target, base: Target) {
	const hook = driverHook(ctx.workDir, publishedPostgres(ctx.projectDir, ctx.workDir));
	ctx.log(
		`postgres.js queue fix: event page GET held ${ctx.settings.sustainedS} s, 3.4.9 as published vs as installed (${DRIVER_PATCH})`
	);
	const results: { name: string; result: LoadResult }[] = [];
	for (const target of [app, base]) {
		const port = await freePort();
		const published: Target = {
			...target,
			port,
			origin: `http://127.0.0.1:${port}`,
			server: undefined,
			nodeArgs: ['--import', hook.register]
		};
		const texts: string[] = [];
		for (const [label, variant] of [
			['postgres.js 3.4.9 as published', published],
			[`as installed, with ${DRIVER_PATCH}`, target]
		] as const) {
			rmSync(hook.marker, { force: true });
			await ctx.restart(variant);
			ctx.check(
				existsSync(hook.marker) === (variant === published),
				variant === published
					? `${target.kind}: the copy of postgres.js 3.4.9 as published was not loaded`
					: `${target.kind}: the copy of postgres.js 3.4.9 as published was loaded instead of the installed driver`
			);
			await getRun(ctx, variant, 5);
			await waitForQuiet(ctx.settings.quietBudget);
			const result = await getRun(ctx, variant, ctx.settings.sustainedS, ctx.settings.sliceS);
			ctx.log(
				`${target.kind} ${label}: ${result.slices.map((s) => fmt.int(s.rps)).join(' → ')} req/s`
			);
			results.push({ name: `${target.kind} GET, ${label}`, result });
			texts.push(firstToLast(result).text);
			if (variant === published) await published.server?.stop();
		}
		ctx.rows.push({
			figure: `6. ${target.kind} GET ${ctx.settings.sustainedS} s: 3.4.9 as published / as installed (patched)`,
			app: target.kind === 'app' ? texts.join(' / ') : '',
			baseline: target.kind === 'baseline' ? texts.join(' / ') : ''
		});
	}
	ctx.details.push(
		sliceTable(ctx, '6. postgres.js queue fix (event page GET)', results) +
			`\n\nThe queue change of ${DRIVER_PATCH} (applied to node_modules by \`postinstall\`; the same in cjs/src and cf/src, and the patch also makes connection.js settle a write scheduled on a closed socket). "As published" is a copy of the installed driver with the whole patch reversed:\n\n\`\`\`diff\n${queuePatch(ctx.projectDir)}\n\`\`\``
	);
}
