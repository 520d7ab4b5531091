/**
 * Lighthouse (mobile) on the pages the closing note measures: `/`, an event page, `/privacy`, `/sv`
 * and a manage page. Not part of `npm test`. Start a built server first, for example:
 *
 *   ILMO_DATA_DIR=/tmp/lh npm run ilmo -- demo:seed
 *   ILMO_SECRET_KEY=$(openssl rand -base64 32) ORIGIN=http://127.0.0.1:4719 PORT=4719 \
 *     ILMO_DATA_DIR=/tmp/lh node build
 *   (sign up once on the open house; the manage link is in /tmp/lh/mail/*.eml)
 *   CHROME_PATH=/usr/bin/chromium npx tsx tests/bench/lighthouse.ts http://127.0.0.1:4719 /manage/<token>
 *
 * The manage page is noindex on purpose (its address is a key): Lighthouse's SEO score counts that
 * as "not crawlable", so it cannot reach 100 there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [base, managePath] = process.argv.slice(2);
if (!base) {
	console.error('usage: tsx tests/bench/lighthouse.ts <base URL> [/manage/<token>]');
	process.exit(2);
}
const paths = [
	'/',
	'/events/avoimet-ovet-turku',
	// The demo's event with an image (drawn by the seed): the page's largest paint is that image.
	'/events/truck-show-turku',
	'/privacy',
	'/sv',
	// The manage page without a token: the "send me my link again" form, which may be indexed.
	'/manage',
	...(managePath ? [managePath] : [])
];
const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-lighthouse-'));

interface Report {
	categories: Record<
		string,
		{ id: string; score: number; auditRefs: { id: string; weight: number }[] }
	>;
	audits: Record<string, { score: number | null; displayValue?: string }>;
}

for (const [i, page] of paths.entries()) {
	const output = path.join(dir, `${i}.json`);
	execFileSync(
		'npx',
		[
			'-y',
			'lighthouse@12.2.3',
			new URL(page, base).href,
			'--chrome-flags=--headless=new --no-sandbox',
			'--only-categories=performance,accessibility,best-practices,seo',
			'--output=json',
			`--output-path=${output}`,
			'--quiet'
		],
		{ stdio: 'inherit' }
	);
	const report = JSON.parse(readFileSync(output, 'utf8')) as Report;
	const label = page.startsWith('/manage/') ? '/manage/{token}' : page;
	const scores = Object.values(report.categories).map(
		(c) => `${c.id} ${Math.round(c.score * 100)}`
	);
	console.log(`${label}: ${scores.join(', ')}`);
	for (const category of Object.values(report.categories)) {
		for (const ref of category.auditRefs) {
			const audit = report.audits[ref.id]!;
			if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
				console.log(`  ${category.id}: ${ref.id} ${audit.score} ${audit.displayValue ?? ''}`);
			}
		}
	}
}
