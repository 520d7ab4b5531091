/**
 * Page weight of the public event page: what a browser fetches (HTML, CSS, JS, anything else), its
 * gzip size, the number of requests and the hosts they go to; and whether the sign-up form works
 * with JavaScript off. A real Chromium (Debian's /usr/bin/chromium through Playwright) loads the page
 * when there is one; otherwise the HTML is parsed for <script src> and <link href>.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface Asset {
	url: string;
	kind: 'html' | 'js' | 'css' | 'other';
	bytes: number;
	gzipBytes: number;
	/** What the server itself sends when the client accepts gzip (precompressed assets). */
	servedGzip: boolean;
}

export interface PageWeight {
	method: 'chromium' | 'html-parse';
	assets: Asset[];
	requests: number;
	foreignHosts: string[];
	totals: Record<Asset['kind'], { bytes: number; gzipBytes: number }>;
	/** Null when it could not be tried (no browser): then only the form's markup is checked. */
	worksWithoutJs: boolean | null;
	noJsDetail: string;
}

const CHROMIUM = process.env.ILMO_CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

function kindOf(url: string, contentType: string): Asset['kind'] {
	if (contentType.includes('text/html')) return 'html';
	if (contentType.includes('javascript') || /\.m?js(\?|$)/.test(url)) return 'js';
	if (contentType.includes('text/css') || /\.css(\?|$)/.test(url)) return 'css';
	return 'other';
}

/** Fetches one URL as a browser would (gzip accepted) and as plain bytes, and sizes both. */
async function measure(url: string): Promise<Asset> {
	const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
	const body = Buffer.from(await plain.arrayBuffer());
	// fetch() decodes gzip itself; ask with node:http semantics through a raw request instead.
	const { request } = await import('node:http');
	const served = await new Promise<{ encoding: string; bytes: number }>((resolve, reject) => {
		const req = request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.length));
			res.on('end', () =>
				resolve({ encoding: String(res.headers['content-encoding'] ?? ''), bytes })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
	const servedGzip = served.encoding === 'gzip';
	return {
		url,
		kind: kindOf(url, plain.headers.get('content-type') ?? ''),
		bytes: body.length,
		gzipBytes: servedGzip ? served.bytes : gzipSync(body, { level: 6 }).length,
		servedGzip
	};
}

function totals(assets: Asset[]): PageWeight['totals'] {
	const sum: PageWeight['totals'] = {
		html: { bytes: 0, gzipBytes: 0 },
		js: { bytes: 0, gzipBytes: 0 },
		css: { bytes: 0, gzipBytes: 0 },
		other: { bytes: 0, gzipBytes: 0 }
	};
	for (const asset of assets) {
		sum[asset.kind].bytes += asset.bytes;
		sum[asset.kind].gzipBytes += asset.gzipBytes;
	}
	return sum;
}

/** URLs the HTML itself names: scripts, stylesheets, module preloads, icons, images. */
export function referencedUrls(html: string, base: string): string[] {
	const urls = new Set<string>();
	const patterns = [
		/<script\b[^>]*\bsrc="([^"]+)"/g,
		/<link\b[^>]*\bhref="([^"]+)"/g,
		/<img\b[^>]*\bsrc="([^"]+)"/g,
		/\bimport\("([^"]+)"\)/g
	];
	for (const pattern of patterns) {
		for (const match of html.matchAll(pattern)) {
			const tag = match[0];
			// rel=alternate / canonical links are not fetched by the browser.
			if (/rel="(alternate|canonical)"/.test(tag)) continue;
			urls.add(new URL(match[1]!.replace(/&amp;/g, '&'), base).toString());
		}
	}
	return [...urls];
}

async function withChromium(pageUrl: string, form: Record<string, string>): Promise<PageWeight> {
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	try {
		const requested: string[] = [];
		const context = await browser.newContext();
		const page = await context.newPage();
		page.on('request', (req) => requested.push(req.url()));
		await page.goto(pageUrl, { waitUntil: 'networkidle' });
		// A page that ships JavaScript is done once hydrated (SvelteKit sets manual scroll restoration
		// last), with every import made; a page without any (csr = false) is done when loaded.
		const scripts = await page
			.locator('link[rel="modulepreload"], script[type="module"], script[src]')
			.count();
		if (scripts > 0) {
			await page.waitForFunction(() => history.scrollRestoration === 'manual', null, {
				timeout: 10_000
			});
			await page.waitForLoadState('networkidle');
		}
		await context.close();

		// JavaScript off: the plain HTML form must sign a person up.
		const noJs = await browser.newContext({ javaScriptEnabled: false });
		const plainPage = await noJs.newPage();
		const noJsRequests: string[] = [];
		plainPage.on('request', (req) => noJsRequests.push(req.url()));
		await plainPage.goto(pageUrl);
		for (const [label, value] of Object.entries(form)) {
			await plainPage.getByLabel(label, { exact: false }).first().fill(value);
		}
		await Promise.all([
			plainPage.waitForURL(/\/registered(#.*)?$/, { timeout: 10_000 }),
			plainPage.getByRole('button', { name: 'Ilmoittaudu' }).click()
		]).catch(() => undefined);
		const landed = plainPage.url();
		const worksWithoutJs = /\/registered(#.*)?$/.test(landed);
		await noJs.close();

		const origin = new URL(pageUrl).origin;
		const all = [...new Set([...requested, ...noJsRequests])];
		const foreignHosts = [
			...new Set(
				all
					.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin)
					.map((u) => new URL(u).host)
			)
		];
		const assets = await Promise.all(
			[...new Set(requested)].filter((u) => new URL(u).origin === origin).map(measure)
		);
		return {
			method: 'chromium',
			assets,
			requests: requested.length,
			foreignHosts,
			totals: totals(assets),
			worksWithoutJs,
			noJsDetail: worksWithoutJs
				? `posted without JS, landed on ${new URL(landed).pathname}${new URL(landed).search}`
				: `stayed on ${landed}`
		};
	} finally {
		await browser.close();
	}
}

async function withHtmlParse(pageUrl: string): Promise<PageWeight> {
	const html = await (await fetch(pageUrl)).text();
	const urls = [pageUrl, ...referencedUrls(html, pageUrl)];
	const origin = new URL(pageUrl).origin;
	const foreignHosts = [
		...new Set(urls.filter((u) => new URL(u).origin !== origin).map((u) => new URL(u).host))
	];
	const assets = await Promise.all(urls.filter((u) => new URL(u).origin === origin).map(measure));
	const formOk =
		/<form\b[^>]*method="post"/i.test(html) &&
		['firstName', 'lastName', 'email'].every((name) => html.includes(`name="${name}"`));
	return {
		method: 'html-parse',
		assets,
		requests: urls.length,
		foreignHosts,
		totals: totals(assets),
		worksWithoutJs: null,
		noJsDetail: formOk
			? 'a POST form with the fields is in the HTML (not submitted)'
			: 'no POST form found'
	};
}

export async function pageWeight(
	pageUrl: string,
	form: Record<string, string>
): Promise<PageWeight> {
	if (existsSync(CHROMIUM)) {
		try {
			return await withChromium(pageUrl, form);
		} catch (error) {
			console.warn(
				`[bench] Chromium measurement failed, parsing the HTML instead: ${String(error)}`
			);
		}
	}
	return withHtmlParse(pageUrl);
}
