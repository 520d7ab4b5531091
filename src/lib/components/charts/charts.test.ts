import { render } from 'svelte/server';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import BarChart from './BarChart.svelte';
import LineChart from './LineChart.svelte';
import { labelledIndexes, valueTicks } from './scale';

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** The fragment as a whole document, checked by the HTML standard's rules (SVG included). */
async function htmlErrors(body: string): Promise<string[]> {
	const html = `<!doctype html><html lang="fi"><head><title>t</title></head><body>${body}</body></html>`;
	const report = await validator.validateString(html);
	return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

/** What `pattern`'s first group holds in each match, without Svelte's hydration comments. */
const texts = (html: string, pattern: RegExp) =>
	[...html.replace(/<!--[^>]*-->/g, '').matchAll(pattern)].map((match) => match[1]!.trim());
const svgOf = (html: string) =>
	html.slice(html.indexOf('<svg viewBox'), html.lastIndexOf('</svg>'));
const tableOf = (html: string) => html.slice(html.indexOf('<table'), html.indexOf('</table>'));

describe('valueTicks', () => {
	it('steps by 1, 2 or 5 to a round top at or above the largest value', () => {
		expect(valueTicks(0)).toEqual([0, 1]);
		expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
		expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8]);
		expect(valueTicks(19)).toEqual([0, 5, 10, 15, 20]);
		expect(valueTicks(10_000)).toEqual([0, 5000, 10_000]);
	});
});

describe('labelledIndexes', () => {
	it('labels everything that fits, else an even spread with both ends', () => {
		expect(labelledIndexes(3, 8)).toEqual([0, 1, 2]);
		expect(labelledIndexes(24, 8)).toEqual([0, 4, 8, 12, 16, 20, 23]);
		expect(labelledIndexes(5, 2)).toEqual([0, 4]);
	});
});

const days = [
	{ key: '2026-03-02', label: '2.3.2026', short: '2.3.', x: 0, cells: [2, 2] },
	{ key: '2026-03-03', label: '3.3.2026', short: '3.3.', x: 1, cells: [1, 3] },
	{ key: '2026-03-05', label: '5.3.2026', short: '5.3.', x: 3, cells: [3, 6] }
];

describe('LineChart', () => {
	const { body } = render(LineChart, {
		props: {
			title: 'Ilmoittautumiset',
			description: 'Kuusi ilmoittautumista kolmena päivänä.',
			labelHeading: 'Päivä',
			columns: ['Uudet', 'Yhteensä'],
			rows: days
		}
	});

	it('is valid HTML with a named picture: role img, title and description', async () => {
		expect(await htmlErrors(body)).toEqual([]);
		const svg = svgOf(body);
		expect(svg).toMatch(/role="img"/);
		const [, ids] = /aria-labelledby="([^"]+)"/.exec(svg)!;
		expect(ids!.split(' ')).toHaveLength(2);
		for (const id of ids!.split(' ')) expect(body).toContain(`id="${id}"`);
		expect(svg).toContain('Ilmoittautumiset</title>');
		expect(svg).toContain('Kuusi ilmoittautumista kolmena päivänä.</desc>');
		expect(body).not.toMatch(/style="/);
	});

	it('labels the value scale and the first and last day', () => {
		const labels = texts(svgOf(body), /<text[^>]*>([^<]*)<\/text>/g);
		expect(labels).toEqual(['0', '2', '4', '6', '2.3.', '5.3.']);
	});

	it('draws one point per row and tables the same numbers', () => {
		expect(svgOf(body).match(/<circle/g)).toHaveLength(3);
		const cells = texts(tableOf(body), /<t[hd][^>]*>([^<]*)<\/t[hd]>/g);
		expect(cells).toEqual([
			...['Päivä', 'Uudet', 'Yhteensä'],
			...['2.3.2026', '2', '2'],
			...['3.3.2026', '1', '3'],
			...['5.3.2026', '3', '6']
		]);
	});
});

describe('BarChart', () => {
	const { body } = render(BarChart, {
		props: {
			title: 'Kuukausittain',
			description: 'Vahvistetut ja paikalle tulleet kuukausittain.',
			labelHeading: 'Kuukausi',
			columns: ['Vahvistetut', 'Paikalla'],
			rows: [
				{ key: '2026-02', label: 'helmikuu 2026', short: '2/26', cells: [0, 0] },
				{ key: '2026-03', label: 'maaliskuu 2026', short: '3/26', cells: [12_000, 9] }
			]
		}
	});

	it('is valid HTML with a named picture and a legend that does not rely on colour', async () => {
		expect(await htmlErrors(body)).toEqual([]);
		expect(svgOf(body)).toMatch(/role="img"/);
		expect(svgOf(body)).toContain('Kuukausittain</title>');
		// The second column is hatched, in the bars and in its legend swatch alike.
		const hatch = /<pattern id="([^"]+)"/.exec(body)![1];
		expect(body.match(new RegExp(`fill="url\\(#${hatch}\\)"`, 'g'))).toHaveLength(2);
		expect(texts(body, /<li>[\s\S]*?<\/svg>([^<]*)<\/li>/g)).toEqual(['Vahvistetut', 'Paikalla']);
		expect(body).not.toMatch(/style="/);
	});

	it('draws a bar for each number above zero and labels the scale and the months', () => {
		expect(svgOf(body).match(/<rect class="bar/g)).toHaveLength(2);
		const labels = texts(svgOf(body), /<text[^>]*>([^<]*)<\/text>/g);
		expect(labels).toEqual(
			['0', '5 000', '10 000', '15 000', '2/26', '3/26'].map((l) => l.replace(' ', '\u00a0'))
		);
	});

	it('tables the same numbers in full', () => {
		const cells = texts(tableOf(body), /<t[hd][^>]*>([^<]*)<\/t[hd]>/g);
		expect(cells).toEqual([
			...['Kuukausi', 'Vahvistetut', 'Paikalla'],
			...['helmikuu 2026', '0', '0'],
			...['maaliskuu 2026', '12\u00a0000', '9']
		]);
	});
});
