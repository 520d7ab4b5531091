import type { Browser, BrowserContext, Page } from '@playwright/test';
import { staffRoutes } from '../../support/staff-routes';
import { clientAddressFor } from '../fixtures';
import { hydrated } from '../pages/hydration';
import { apiSignInAs } from './staff-api';
import { resolveStaffPaths } from './staff-paths';
import { StaffPage } from '../pages/staff-page';
import { expect, STAFF_USERS, test } from './staff-fixtures';

/**
 * The staff frame on every staff page, as an admin (who may open them all): no page scrolls
 * sideways on a phone or a laptop, nothing is cut off inside a box that does not scroll, a box that
 * does scroll is a named region the keyboard can reach (TableScroll), and the menu marks where the
 * viewer is. The route list is the access matrix's, read from the route files, so a page added
 * tomorrow is checked too. Axe is left to the journeys: this walks 2 × ~40 pages in two contexts.
 */

const WIDTHS = [
	{ width: 390, height: 844 },
	{ width: 1366, height: 768 }
];
const NAV_NAME = 'Henkilökunnan valikko';
const routes = staffRoutes();
const pageRoutes = routes.filter((route) => route.pageRights !== null);

/** A browser context signed in as the admin, with the test's client address. */
async function adminContext(
	browser: Browser,
	baseURL: string,
	address: string,
	viewport: { width: number; height: number }
): Promise<BrowserContext> {
	const context = await browser.newContext({
		baseURL,
		viewport,
		extraHTTPHeaders: { 'x-forwarded-for': address }
	});
	const response = await context.request.post('/staff/login', {
		form: { email: STAFF_USERS.admin.email, password: STAFF_USERS.admin.password },
		headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), 'admin sign-in').toBe(303);
	return context;
}

/** What is wrong with the layout of the page now shown, in words; empty when nothing is. */
function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const root = document.documentElement;
		const name = (el: Element) =>
			el.tagName.toLowerCase() +
			(el.id ? `#${el.id}` : '') +
			[...el.classList].map((c) => `.${c}`).join('') +
			(el.textContent ? ` "${el.textContent.trim().slice(0, 30)}"` : '');
		const isScrollRegion = (el: Element) =>
			el.getAttribute('role') === 'region' &&
			el.hasAttribute('aria-label') &&
			el.getAttribute('tabindex') === '0';
		// Text hidden for sight but kept for screen readers sits in a clipped 1 px box.
		const isClippedAway = (el: Element) => {
			for (let at: Element | null = el; at; at = at.parentElement) {
				if (at.clientWidth <= 1 && getComputedStyle(at).overflowX !== 'visible') return true;
			}
			return false;
		};

		if (root.scrollWidth > root.clientWidth) {
			problems.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
		}
		// A form control scrolls its own typed text; only boxes holding other boxes are checked.
		for (const el of document.body.querySelectorAll('*:not(input, textarea, select)')) {
			if (getComputedStyle(el).overflowX === 'visible' || el.clientWidth <= 1) continue;
			if (el.scrollWidth <= el.clientWidth + 1 || isScrollRegion(el)) continue;
			problems.push(
				`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px and is not a named, focusable scroll region (TableScroll)`
			);
		}
		// While the page does not scroll, anything reaching past the window is cut off.
		for (const el of document.body.querySelectorAll('main *')) {
			if (el.closest('[role="region"][tabindex="0"]') || isClippedAway(el)) continue;
			const box = el.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			if (box.right > root.clientWidth + 1) {
				problems.push(`${name(el)} reaches ${Math.round(box.right)} px, past the window`);
			}
		}
		// Tables show short dates ("6.12. klo 8.23"); a weekday name means the long sentence form.
		for (const cell of document.querySelectorAll('main td, main th')) {
			const text = cell.textContent ?? '';
			if (/(maanan|tiis|keskiviikko|tors|perjan|lauan|sunnun)tai/i.test(text)) {
				problems.push(`${name(cell)} holds a long date, not a short one`);
			}
		}
		return problems.slice(0, 5);
	});
}

/**
 * The menu entries carrying aria-current, and what they should be: the page's own link says
 * "page", the link of the section it lies in (an event's check-in lies under Events) says "true",
 * and so does the summary of a drop-down holding either. Nothing else is marked.
 */
async function currentMarkProblems(page: Page, path: string): Promise<string[]> {
	const menu = page.getByRole('navigation', { name: NAV_NAME });
	// A page drawn outside the staff frame on purpose (the print view) has no menu to mark.
	if ((await menu.count()) === 0) return [];
	const entries = await menu.evaluate((nav) =>
		[...nav.querySelectorAll('a, summary')].map((el) => ({
			href: el.getAttribute('href'),
			summary: el.tagName === 'SUMMARY',
			links:
				el.tagName === 'SUMMARY'
					? [...el.parentElement!.querySelectorAll('a')].map((a) => a.getAttribute('href'))
					: [],
			current: el.getAttribute('aria-current')
		}))
	);
	const within = (href: string) =>
		href === '/staff' ? path === '/staff' : path === href || path.startsWith(`${href}/`);
	const section = entries
		.filter((entry) => entry.href && within(entry.href))
		.sort((a, b) => b.href!.length - a.href!.length)[0]?.href;
	const problems: string[] = [];
	for (const entry of entries) {
		const want = entry.summary
			? section && entry.links.includes(section)
				? 'true'
				: null
			: entry.href === section
				? section === path
					? 'page'
					: 'true'
				: null;
		if (entry.current !== want) {
			problems.push(
				`${entry.summary ? `menu of ${entry.links.join(', ')}` : entry.href}: aria-current ${entry.current} instead of ${want}`
			);
		}
	}
	return problems;
}

for (const viewport of WIDTHS) {
	test(`no staff page scrolls sideways or cuts anything off at ${viewport.width} px`, async ({
		browser,
		baseURL
	}, testInfo) => {
		test.setTimeout(240_000);
		const address = clientAddressFor(`${testInfo.testId}:${testInfo.retry}`);
		const api = await apiSignInAs(baseURL!, address, 'admin');
		const paths = await resolveStaffPaths(api, routes);
		await api.dispose();
		const context = await adminContext(browser, baseURL!, address, viewport);
		const page = await context.newPage();
		const failures: string[] = [];
		// A page that throws while hydrating (a duplicate each-block key) is broken on every screen,
		// and never hydrates: the wait for it ends at the error instead.
		let threw: (error: Error) => void = () => {};
		page.on('pageerror', (error) => threw(error));
		let checked = 0;
		for (const route of pageRoutes) {
			const path = paths.get(route.pattern)!;
			const error = new Promise<Error>((resolve) => (threw = resolve));
			const response = await page.goto(path);
			// A page that only redirects (sign-out's GET) has no layout of its own.
			if (new URL(page.url()).pathname !== path) continue;
			expect(response?.status(), path).toBe(200);
			// A page that ships no JavaScript (the kiosk's) has nothing to hydrate.
			const outcome = route.csr ? await Promise.race([hydrated(page, true), error]) : null;
			if (outcome instanceof Error) {
				failures.push(`${path}: uncaught ${outcome.message}`);
				continue;
			}
			checked++;
			for (const problem of await layoutProblems(page)) failures.push(`${path}: ${problem}`);
			for (const problem of await currentMarkProblems(page, path)) {
				failures.push(`${path}: ${problem}`);
			}
			if (route.pattern === '/staff/events/[id]/checkin') {
				// The door uses a phone: the ticket code field, where a scanner types and the next
				// scan goes, must be on the first screen, under the menu (the name search follows it).
				const box = await page.locator('#door-code').boundingBox();
				expect(box, 'ticket code field').not.toBeNull();
				if (box!.y + box!.height > viewport.height) {
					failures.push(
						`${path}: the ticket code field ends at ${box!.y + box!.height} px, below the fold`
					);
				}
			}
		}
		await context.close();
		expect(checked, 'pages checked').toBeGreaterThan(20);
		expect(failures, `layout at ${viewport.width} px`).toEqual([]);
	});
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the menu opens and leads on with the keyboard alone', async ({
		page,
		signInAs,
		checkA11y
	}) => {
		await signInAs('admin');
		await page.goto('/staff');
		await checkA11y('dashboard');
		const nav = page.getByRole('navigation', { name: NAV_NAME });
		await expect(nav.getByRole('link', { name: 'Etusivu' })).toHaveAttribute(
			'aria-current',
			'page'
		);

		const privacy = nav.locator('summary', { hasText: 'Tietosuoja' });
		await privacy.focus();
		await page.keyboard.press('Enter');
		await expect(nav.getByRole('link', { name: 'Käsittelyloki' })).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(nav.getByRole('link', { name: 'Tietopyynnöt' })).toBeFocused();
		await page.keyboard.press('Enter');
		await page.waitForURL('**/staff/requests');
		await checkA11y('requests');

		// The new page opens with its group folded; the group and (inside it) the link are marked.
		await expect(nav.locator('a', { hasText: 'Tietopyynnöt' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expect(nav.locator('summary', { hasText: 'Tietosuoja' })).toHaveAttribute(
			'aria-current',
			'true'
		);
		await expect(nav.getByRole('link', { name: 'Etusivu' })).not.toHaveAttribute('aria-current');
	});
});

test.describe('error pages', () => {
	test.use({ expectedErrorStatuses: [403, 404] });

	test('a staff error keeps the staff menu and leads back to the staff events', async ({
		page,
		signedInAs,
		checkA11y
	}) => {
		await signedInAs(StaffPage, 'staff');
		const nav = page.getByRole('navigation', { name: NAV_NAME });

		const forbidden = await page.goto('/staff/users');
		expect(forbidden?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ei käyttöoikeutta');
		await expect(nav.getByRole('link', { name: 'Tapahtumat' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Takaisin tapahtumiin' })).toHaveAttribute(
			'href',
			'/staff/events'
		);
		await checkA11y('403');

		const missing = await page.goto('/staff/events/00000000-0000-4000-8000-000000000000');
		expect(missing?.status()).toBe(404);
		await expect(nav.getByRole('link', { name: 'Tapahtumat' })).toHaveAttribute(
			'aria-current',
			'true'
		);
		await expect(page.getByRole('link', { name: 'Takaisin tapahtumiin' })).toHaveAttribute(
			'href',
			'/staff/events'
		);
		await checkA11y('404 in a section');

		// No route matches: the root error page, which still leads back into the staff side.
		const nowhere = await page.goto('/en/staff/no-such-page');
		expect(nowhere?.status()).toBe(404);
		await expect(page.getByRole('link', { name: 'To the staff home page' })).toHaveAttribute(
			'href',
			'/en/staff'
		);
		await checkA11y('404 outside any route');
	});

	test('a public error keeps the public frame and leads back to the events', async ({
		page,
		checkA11y
	}) => {
		const missing = await page.goto('/events/no-such-event');
		expect(missing?.status()).toBe(404);
		await expect(page.getByRole('link', { name: 'Takaisin tapahtumiin' })).toHaveAttribute(
			'href',
			'/'
		);
		await expect(page.getByRole('contentinfo')).toBeVisible();
		await checkA11y('public 404');
	});
});

test('creating an event lands on its edit page without a duplicate form id', async ({
	page,
	signedInAs,
	checkA11y
}) => {
	const warnings: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'warning') warnings.push(message.text());
	});
	await signedInAs(StaffPage, 'admin');
	await page.goto('/staff/events/new');
	await checkA11y('new event');
	const field = (label: string) => page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));
	const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
	await field('Otsikko suomeksi').fill(`Asettelutesti ${Date.now().toString(36)}`);
	// The English and Swedish titles are optional: left out, those pages show the Finnish one.
	await field('Alkaa').fill(`${day}T10:00`);
	await field('Päättyy').fill(`${day}T12:00`);
	await field('Paikka').fill('Pollenkuja 6, 20380 Turku');
	await field('Paikkoja').fill('10');
	await page.getByRole('button', { name: 'Luo tapahtuma', exact: true }).click();
	// The new-event page hands over to the edit page in the browser; both hold an event form.
	await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/edit\?done=created$/);
	await expect(page.getByRole('status')).toBeVisible();
	await checkA11y('created');
	expect(warnings.filter((text) => text.includes('Duplicate form id'))).toEqual([]);
});

test('the retention page tells how often the job really runs', async ({
	page,
	signedInAs,
	checkA11y
}) => {
	await signedInAs(StaffPage, 'admin');
	await page.goto('/staff/retention');
	await checkA11y('retention');
	// Loaded here, not at the top: the job module brings the whole domain (and its messages) along.
	const { RETENTION_INTERVAL_MS } = await import('../../../src/lib/server/jobs');
	const minutes = RETENTION_INTERVAL_MS / 60_000;
	await expect(page.getByText(`automaattisesti ${minutes} minuutin välein`)).toBeVisible();
	await expect(page.getByText('tunnin välein')).toHaveCount(0);
});
