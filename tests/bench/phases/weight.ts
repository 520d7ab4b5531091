/** Figure 4: the weight of the public event page in Chromium, and its form without JavaScript. */
import { pageWeight, type PageWeight } from '../page-weight';
import { fmt, table, verdict } from '../report';
import type { Context, Target } from '../context';

export async function weightPhase(ctx: Context, app: Target, base: Target) {
	ctx.log('page weight of the public event page');
	const form = {
		Etunimi: 'Aino',
		Sukunimi: 'Laine',
		Sähköposti: `weight.${ctx.runTag}@bench.example`
	};
	const weight: PageWeight = await pageWeight(`${app.origin}/events/${app.events.page}`, form);
	const baseHtml = await (await fetch(`${base.origin}/events/${base.events.page}`)).text();
	const t = weight.totals;
	const total = t.html.gzipBytes + t.css.gzipBytes + t.js.gzipBytes + t.other.gzipBytes;
	ctx.rows.push(
		{
			figure: '4. event page: HTML + CSS + JS (gzip)',
			app: `${fmt.kb(t.html.gzipBytes)} + ${fmt.kb(t.css.gzipBytes)} + ${fmt.kb(t.js.gzipBytes)}${t.other.gzipBytes ? ` + ${fmt.kb(t.other.gzipBytes)} other` : ''} = ${fmt.kb(total)}`,
			baseline: `${fmt.kb(Buffer.byteLength(baseHtml))} HTML`,
			target: 'JS ≤ 40 KB',
			verdict: verdict(t.js.gzipBytes <= 40 * 1024)
		},
		{
			figure: '4. event page: requests / other hosts',
			app: `${weight.requests} / ${weight.foreignHosts.length ? weight.foreignHosts.join(', ') : 'none'}`,
			baseline: '1 / none',
			target: 'no other host',
			verdict: verdict(weight.foreignHosts.length === 0)
		},
		{
			figure: '4. sign-up form with JavaScript off',
			app:
				weight.worksWithoutJs === null
					? 'not tried (no Chromium)'
					: weight.worksWithoutJs
						? 'works'
						: 'FAILS',
			baseline: '',
			target: 'usable',
			verdict: verdict(weight.worksWithoutJs)
		}
	);
	ctx.check(
		weight.foreignHosts.length === 0,
		`event page requested other hosts: ${weight.foreignHosts.join(', ')}`
	);
	ctx.details.push(
		`#### 4. Page weight (${weight.method}; gzip: as served when the server precompresses, else zlib level 6)\n\n` +
			table(
				['request', 'kind', 'bytes', 'gzip', 'served gzip'],
				weight.assets.map((a) => [
					new URL(a.url).pathname,
					a.kind,
					fmt.int(a.bytes),
					fmt.int(a.gzipBytes),
					a.servedGzip ? 'yes' : 'no'
				])
			) +
			`\n\nWithout JavaScript: ${weight.noJsDetail}.`
	);
}
