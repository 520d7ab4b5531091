/** Figure 3: the staff attendee list (page 1, page 100, a name search) under one connection. */
import { runLoad, unexpected } from '../load';
import { fmt, verdict } from '../report';
import type { Context, Target } from '../context';
import { alternate, runDetails, spec, summary } from './runs';

export async function staffPhase(ctx: Context, app: Target, base: Target) {
	await ctx.signIn(app);
	const pages = [
		{ name: 'list, page 1', query: '' },
		{ name: 'list, page 100', query: '?page=100' },
		{ name: 'search "mäki"', query: `?q=${encodeURIComponent('mäki')}` }
	];
	for (const target of [app, base]) {
		const response = await fetch(`${target.origin}/staff/events/${target.events.list}`, {
			headers: { cookie: target.cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		const html = await response.text();
		ctx.check(
			response.status === 200 && html.includes('@bench.example'),
			`${target.kind} staff list answered ${response.status} without the attendees`
		);
	}
	ctx.log(
		`staff attendee list on ${fmt.int(ctx.settings.listRows)} registrants: ${ctx.settings.runs} × ${ctx.settings.staffS} s, 1 connection`
	);
	for (const page of pages) {
		const results = await alternate(ctx, [app, base], async (target) => {
			const result = await runLoad(
				spec(ctx, target, {
					path: `/staff/events/${target.events.list}${page.query}`,
					connections: 1,
					durationS: ctx.settings.staffS,
					headers: { cookie: target.cookie }
				})
			);
			const wrong = unexpected(result, [200]);
			ctx.check(!wrong, `${target.kind} staff ${page.name} answered ${wrong}`);
			return result;
		});
		const a = summary(results.app);
		const b = summary(results.baseline);
		ctx.rows.push({
			figure: `3. staff ${page.name} (${fmt.int(ctx.settings.listRows)}): p50 / p99 ms`,
			app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
			baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`,
			ratio: fmt.pct(a.rps / b.rps) + ' req/s',
			target: 'p50 ≤ 50 ms',
			verdict: verdict(a.p50 <= 50)
		});
		runDetails(ctx, `3. Staff attendee ${page.name}, 1 connection`, results);
	}
}
