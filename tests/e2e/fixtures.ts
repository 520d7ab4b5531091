import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import {
	test as base,
	expect,
	type BrowserContext,
	type Page,
	type Response
} from '@playwright/test';
import { EventPage } from './pages/event-page';
import { EventsListPage } from './pages/events-list-page';
import { CancelPage, ManagePage } from './pages/manage-page';
import { RegisteredPage } from './pages/registered-page';
import type { Locale } from './support/data';

/** WCAG 2.2 AA as axe-core knows it (2.2 adds only AA rules of its own). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the page as it is now and fails with a readable list of what it found. */
export type A11yCheck = (state?: string) => Promise<void>;

interface Fixtures {
	checkA11y: A11yCheck;
	eventPage: (locale: Locale) => EventPage;
	eventsList: (locale: Locale) => EventsListPage;
	registeredPage: (locale: Locale) => RegisteredPage;
	managePage: (locale: Locale) => ManagePage;
	cancelPage: (locale: Locale) => CancelPage;
	/** Statuses of main-document responses a test provokes on purpose (400, 404). */
	expectedErrorStatuses: number[];
	/** Staff tests sign in, which sets the session cookie; public tests must leave none. */
	allowCookies: boolean;
	/**
	 * Origins a test serves itself (a company site framing the app): their requests are not to other
	 * hosts, and their pages are the test's own, not the app's to audit.
	 */
	testOrigins: string[];
}

interface Guard {
	/** Every document the browser showed, and which of them axe has checked. */
	visited: Set<string>;
	checked: Set<string>;
	/** The response that delivered the document now shown. */
	lastDocument: Response | undefined;
}

function pathOf(url: string): string {
	const parsed = new URL(url);
	return parsed.pathname + parsed.search;
}

async function runAxe(page: Page, state: string) {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const summary = results.violations.map(
		(violation) =>
			`${violation.id} (${violation.impact}): ${violation.help}\n` +
			violation.nodes
				.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary}`)
				.join('\n')
	);
	expect(summary, `axe violations on ${pathOf(page.url())} (${state})`).toEqual([]);
	// A page that failed to render would pass trivially; make sure axe actually saw content.
	expect(
		results.passes.length,
		`axe found nothing to check on ${pathOf(page.url())}`
	).toBeGreaterThan(10);
}

/**
 * axe-core runs as a script in the page, and Playwright cannot evaluate anything while JavaScript
 * is disabled. Without JavaScript the DOM is exactly the HTML the server sent, so that HTML is
 * replayed at the same URL in a page that may run scripts (minus the app's own, which would
 * hydrate and change it), with the same styles, and audited there.
 */
async function runAxeOnReplay(twin: Page, page: Page, document: Response, state: string) {
	const url = page.url();
	const html = (await document.text()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
	// The same bytes at the same URL and size give axe the same page: audited once per worker (the
	// event page is loaded unchanged in many journeys). Any difference, a count or an error, is new.
	const key = createHash('sha256')
		.update(`${url}\n${JSON.stringify(twin.viewportSize())}\n${html}`)
		.digest('hex');
	if (auditedReplays.has(key)) return;
	await twin.unrouteAll();
	await twin.route(
		(candidate) => candidate.href === url,
		(route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
	);
	await twin.goto(url);
	await runAxe(twin, `${state}, without JavaScript`);
	auditedReplays.add(key);
}

/** Replayed documents axe has passed in this worker, by hash of URL, viewport and HTML. */
const auditedReplays = new Set<string>();

/**
 * A title's ending that runs a journey on the PGlite server too (the `pglite` project in
 * playwright.config.ts) when `also`: the core journeys, one variant each. In the title rather than
 * in the test's details, so that tagging a test does not re-indent it.
 */
export function onPglite(also = true): string {
	return also ? ' @pglite' : '';
}

/** A documentation-range address (RFC 5737) per test: each test is its own visitor to the rate limit. */
export function clientAddressFor(key: string): string {
	let hash = 0;
	for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return `203.0.${(hash >>> 8) & 255}.${hash & 255}`;
}

export const test = base.extend<Fixtures & { guard: Guard }>({
	expectedErrorStatuses: [[], { option: true }],
	allowCookies: [false, { option: true }],
	testOrigins: [[], { option: true }],

	// The app runs behind a pretend proxy in the suite (ADDRESS_HEADER), so every request needs one.
	extraHTTPHeaders: async ({ extraHTTPHeaders }, use, testInfo) => {
		await use({
			'x-forwarded-for': clientAddressFor(`${testInfo.testId}:${testInfo.retry}`),
			...extraHTTPHeaders
		});
	},

	// Watches every test, whether it asks for it or not: the promises on every public page are no
	// cookies, no request to any other host, no script errors or CSP violations, and axe-clean pages.
	guard: [
		async (
			{
				page,
				context,
				baseURL,
				expectedErrorStatuses,
				javaScriptEnabled,
				allowCookies,
				testOrigins
			},
			use
		) => {
			const appOrigin = new URL(baseURL!).origin;
			const foreign: string[] = [];
			const consoleErrors: string[] = [];
			const failedDocuments = new Set<string>();
			const guard: Guard = { visited: new Set(), checked: new Set(), lastDocument: undefined };

			context.on('request', (request) => {
				const url = request.url();
				if (url.startsWith('data:') || url.startsWith('blob:')) return;
				const origin = new URL(url).origin;
				if (origin !== appOrigin && !testOrigins.includes(origin)) {
					foreign.push(`${request.method()} ${url}`);
				}
			});
			page.on('response', (response) => {
				const request = response.request();
				if (request.resourceType() !== 'document' || request.frame() !== page.mainFrame()) return;
				if (response.status() < 300 || response.status() >= 400) guard.lastDocument = response;
				if (response.status() >= 400) {
					failedDocuments.add(response.url());
					expect
						.soft(expectedErrorStatuses, `unexpected ${response.status()} for ${response.url()}`)
						.toContain(response.status());
				}
			});
			page.on('console', (message) => {
				if (message.type() !== 'error') return;
				// Chromium logs every 4xx document; those the test provoked on purpose are not errors.
				const isExpectedDocument =
					message.text().startsWith('Failed to load resource') &&
					failedDocuments.has(message.location().url);
				if (!isExpectedDocument)
					consoleErrors.push(`${message.text()} (${message.location().url})`);
			});
			page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
			if (javaScriptEnabled) {
				// Chromium logs most CSP refusals itself; the event also catches report-only ones.
				await page.addInitScript(() =>
					document.addEventListener('securitypolicyviolation', (event) =>
						console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
					)
				);
			}
			page.on('framenavigated', (frame) => {
				// A page a test serves itself (the company site around the embed) is not the app's.
				const own =
					frame.url().startsWith('http') && testOrigins.includes(new URL(frame.url()).origin);
				if (frame === page.mainFrame() && frame.url().startsWith('http') && !own) {
					guard.visited.add(pathOf(frame.url()));
				}
			});

			await use(guard);

			expect(foreign, 'requests to hosts other than the app').toEqual([]);
			expect(consoleErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
			if (!allowCookies) {
				expect(await context.cookies(), 'cookies set by public pages').toEqual([]);
			}
			const unchecked = [...guard.visited].filter((path) => !guard.checked.has(path));
			expect(unchecked, 'pages visited but never checked with axe').toEqual([]);
		},
		{ auto: true }
	],

	checkA11y: async ({ page, guard, browser, javaScriptEnabled, viewport }, use) => {
		let twinContext: BrowserContext | undefined;
		const twin = async () => {
			twinContext ??= await browser.newContext({ javaScriptEnabled: true, viewport });
			return twinContext.pages()[0] ?? twinContext.newPage();
		};
		await use(async (state = 'as loaded') => {
			if (javaScriptEnabled) {
				await runAxe(page, state);
			} else {
				if (!guard.lastDocument) throw new Error('no document loaded to check');
				await runAxeOnReplay(await twin(), page, guard.lastDocument, state);
			}
			guard.checked.add(pathOf(page.url()));
		});
		await twinContext?.close();
	},

	eventPage: async ({ page, checkA11y, javaScriptEnabled }, use) => {
		await use((locale) => new EventPage(page, locale, checkA11y, javaScriptEnabled));
	},

	eventsList: async ({ page, checkA11y, javaScriptEnabled }, use) => {
		await use((locale) => new EventsListPage(page, locale, checkA11y, javaScriptEnabled));
	},

	registeredPage: async ({ page, checkA11y }, use) => {
		await use((locale) => new RegisteredPage(page, locale, checkA11y));
	},

	managePage: async ({ page, checkA11y, javaScriptEnabled }, use) => {
		await use((locale) => new ManagePage(page, locale, checkA11y, javaScriptEnabled));
	},

	cancelPage: async ({ page, checkA11y, javaScriptEnabled }, use) => {
		await use((locale) => new CancelPage(page, locale, checkA11y, javaScriptEnabled));
	}
});

/**
 * Declares a spec's journeys twice, each in a describe block of its own: with JavaScript on, in
 * Finnish, and off, in English (a journey that wants one language ignores `locale`). With
 * `refusals`, a spec expects its refused forms to come back as 400 pages without JavaScript, as
 * they should.
 */
export function withAndWithoutJavaScript(
	declare: (javaScriptEnabled: boolean, locale: Locale) => void,
	options: { refusals?: boolean } = {}
): void {
	for (const javaScriptEnabled of [true, false]) {
		test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
			const refused = options.refusals && !javaScriptEnabled ? [400] : [];
			test.use({ javaScriptEnabled, expectedErrorStatuses: refused });
			declare(javaScriptEnabled, javaScriptEnabled ? 'fi' : 'en');
		});
	}
}

export { expect };
