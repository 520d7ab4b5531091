import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test, type A11yCheck } from '../fixtures';
import { tokenOf } from '../pages/manage-page';
import { consentLink, unsubscribeLinkFor } from '../pages/marketing';
import {
	CANCELLED_EVENT,
	CLOSED_EVENT,
	FULL_EVENT,
	FUZZ_EVENT,
	LOCALES,
	NOT_OPEN_EVENT,
	OPEN_HOUSE,
	localePath,
	titleOf,
	uniqueEmail,
	type Locale
} from '../support/data';
import { encodeForm, postRaw, postSignup } from '../support/forms';
import { htmlErrors } from '../support/html-validate';
import { t } from '../support/i18n';
import { manageLink, waitForMail } from '../support/mailbox';

/**
 * One visit to every public page per language and width, each visit making every check at once:
 * the status, `<html lang>`, no sideways scroll, axe, html-validate on the HTML as served, and
 * what search engines and link previews read (description, alternates, Open Graph, JSON-LD). Every
 * problem is collected and reported together (path, language, width, rule), so one run lists all.
 */

/** Tokens from one real registrant: their manage link, a consent link, an unsubscribe link. */
interface Tokens {
	manage: string;
	registrationId: string;
	consent: string;
	unsubscribe: string;
}

/** What the JSON-LD and the offer say about an event, where the sweep can know it. */
interface EventExpectation {
	slug: string;
	status: 'EventScheduled' | 'EventCancelled';
	availability?: 'InStock' | 'SoldOut';
}

interface Route {
	name: string;
	path: string;
	status?: number;
	/** Reached by a private link: not indexed, no alternates, the token nowhere in the head. */
	private?: boolean;
	event?: EventExpectation;
}

function routes(tokens: Tokens): Route[] {
	const event = (slug: string, expectation: Omit<EventExpectation, 'slug'>): Route => ({
		name: slug,
		path: `/events/${slug}`,
		event: { slug, ...expectation }
	});
	return [
		{ name: 'front page', path: '/' },
		event(OPEN_HOUSE, { status: 'EventScheduled', availability: 'InStock' }),
		event(FULL_EVENT, { status: 'EventScheduled', availability: 'SoldOut' }),
		event(CANCELLED_EVENT, { status: 'EventCancelled' }),
		event(CLOSED_EVENT, { status: 'EventScheduled' }),
		event(NOT_OPEN_EVENT, { status: 'EventScheduled' }),
		{ name: 'registered', path: `/events/${OPEN_HOUSE}/registered`, private: true },
		{ name: 'manage link form', path: '/manage' },
		{ name: 'manage', path: `/manage/${tokens.manage}`, private: true },
		{
			name: 'cancel',
			path: `/manage/${tokens.manage}/cancel/${tokens.registrationId}`,
			private: true
		},
		{ name: 'consent', path: `/consent/${tokens.consent}`, private: true },
		{ name: 'unsubscribe', path: `/unsubscribe/${tokens.unsubscribe}`, private: true },
		{ name: 'privacy', path: '/privacy' },
		{ name: 'not found', path: '/events/ei-tallaista-tapahtumaa', status: 404, private: true }
	];
}

const OG_LOCALES: Record<Locale, string> = { fi: 'fi_FI', sv: 'sv_FI', en: 'en_GB' };

/**
 * Signs one person up with news by email, confirms the consent by its button (a POST, as a person
 * would), and takes the staff export's unsubscribe link: every kind of token a mail carries.
 * Made once per worker and shared by its visits (pages are only read; GET changes nothing).
 */
let tokensOnce: Promise<Tokens> | undefined;

async function makeTokens(
	request: APIRequestContext,
	browser: Browser,
	baseURL: string,
	testInfo: { testId: string; retry: number }
): Promise<Tokens> {
	const email = uniqueEmail('sweep');
	const signup = await postSignup(request, baseURL, FUZZ_EVENT, {
		firstName: 'Saga',
		lastName: 'Sjöberg',
		email,
		newsByEmail: 'on'
	});
	expect(signup.status(), 'the sweep’s sign-up').toBe(303);
	const mails = await waitForMail(email, 2);
	const manage = tokenOf(manageLink(mails.find((mail) => manageLinkIn(mail.text))!));
	const consent = mails.map((mail) => consentLink(mail)).find((link) => link !== null);
	expect(consent, 'a consent link in the mails').toBeDefined();
	const confirmed = await postRaw(request, baseURL, consent!.pathname, encodeForm({}), {
		contentType: 'application/x-www-form-urlencoded'
	});
	expect(confirmed.status(), 'the consent confirmed').toBe(303);
	const unsubscribe = await unsubscribeLinkFor(browser, baseURL, email, testInfo);
	const page = await (await request.get(`/manage/${manage}`)).text();
	const registrationId = new RegExp(`/manage/${manage}/cancel/([^"?#/]+)`).exec(page)?.[1];
	expect(registrationId, 'a cancel link on the manage page').toBeDefined();
	return {
		manage,
		registrationId: registrationId!,
		consent: tokenOf(consent!),
		unsubscribe: tokenOf(unsubscribe)
	};
}

function manageLinkIn(text: string): boolean {
	return /\/manage\/[A-Za-z0-9_-]{20,}/.test(text);
}

/** Everything one visit finds wrong, as `rule: detail` lines. */
async function visit(
	page: Page,
	route: Route,
	locale: Locale,
	tokens: Tokens,
	checkA11y: A11yCheck
): Promise<string[]> {
	const problems: string[] = [];
	const path = localePath(locale, route.path);
	const response = await page.goto(path);
	if (!response) return ['navigation: no response'];
	const status = route.status ?? 200;
	if (response.status() !== status) problems.push(`status: ${response.status()}, not ${status}`);

	for (const error of await htmlErrors(await response.text()))
		problems.push(`html-validate ${error}`);

	const lang = await page.locator('html').getAttribute('lang');
	if (lang !== locale) problems.push(`html lang: ${lang}`);

	const overflow = await page.evaluate(() => {
		const root = document.documentElement;
		const wide = [...document.body.querySelectorAll('*')]
			.filter((element) => {
				const box = element.getBoundingClientRect();
				return box.width > 0 && box.right > root.clientWidth + 1;
			})
			.slice(0, 5)
			.map((element) => {
				const box = element.getBoundingClientRect();
				const name =
					element.tagName.toLowerCase() + (element.className ? `.${element.className}` : '');
				return `${name} reaches ${Math.round(box.right)} px`;
			});
		return { scroll: root.scrollWidth, client: root.clientWidth, wide };
	});
	if (overflow.scroll > overflow.client) {
		problems.push(`sideways scroll: ${overflow.scroll} px wide in ${overflow.client} px`);
	}
	for (const wide of overflow.wide) problems.push(`too wide: ${wide}`);

	try {
		await checkA11y(`sweep at ${page.viewportSize()?.width} px`);
	} catch (error) {
		problems.push(`axe: ${(error as Error).message.split('\n').slice(0, 12).join(' | ')}`);
	}

	problems.push(...(await headProblems(page, route, locale, tokens)));
	return problems;
}

/** What a search engine or a link preview reads in the head. */
async function headProblems(
	page: Page,
	route: Route,
	locale: Locale,
	tokens: Tokens
): Promise<string[]> {
	const problems: string[] = [];
	const head = await page.evaluate(() => {
		const meta = (selector: string) =>
			[...document.head.querySelectorAll<HTMLMetaElement>(selector)].map((m) => m.content);
		return {
			description: meta('meta[name="description"]'),
			robots: meta('meta[name="robots"]').join(' '),
			ogUrl: meta('meta[property="og:url"]'),
			og: Object.fromEntries(
				[...document.head.querySelectorAll<HTMLMetaElement>('meta[property^="og:"]')].map((m) => [
					m.getAttribute('property')!,
					m.content
				])
			),
			ogAlternates: meta('meta[property="og:locale:alternate"]'),
			links: [...document.head.querySelectorAll<HTMLLinkElement>('link[href]')].map((l) => ({
				rel: l.rel,
				hreflang: l.hreflang,
				href: l.getAttribute('href')!
			})),
			jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map(
				(s) => s.textContent ?? ''
			)
		};
	});
	if (head.description.length !== 1 || !head.description[0]!.trim()) {
		problems.push(`meta description: ${JSON.stringify(head.description)}`);
	}
	const secrets = Object.values(tokens);
	for (const value of [...head.ogUrl, ...head.links.map((link) => link.href)]) {
		if (secrets.some((secret) => value.includes(secret))) problems.push(`token in head: ${value}`);
	}
	const alternates = head.links.filter((link) => link.rel === 'alternate' && link.hreflang);
	if (route.private) {
		if (route.status !== 404 && !/\bnoindex\b/.test(head.robots)) {
			problems.push(`robots: "${head.robots}", not noindex`);
		}
	} else {
		const origin = new URL(page.url()).origin;
		const expected = ['fi', 'sv', 'en', 'x-default'].map((hreflang) => {
			const target = hreflang === 'x-default' ? 'fi' : (hreflang as Locale);
			return `${hreflang} ${origin}${localePath(target, route.path)}`.replace(/\/$/, '');
		});
		// Paraglide writes a language's front page as /sv/; the same page as /sv.
		const found = alternates.map((link) => `${link.hreflang} ${link.href.replace(/\/$/, '')}`);
		if (JSON.stringify(found.sort()) !== JSON.stringify(expected.sort())) {
			problems.push(`hreflang: ${found.join(', ')}`);
		}
	}
	if (route.event) problems.push(...eventHeadProblems(page, route.event, locale, head));
	else if (head.jsonLd.length > 0) problems.push('JSON-LD on a page that is no event');
	return problems;
}

function eventHeadProblems(
	page: Page,
	expected: EventExpectation,
	locale: Locale,
	head: { og: Record<string, string>; ogAlternates: string[]; jsonLd: string[] }
): string[] {
	const problems: string[] = [];
	const url = page.url();
	const title = titleOf(expected.slug, locale);
	const og = head.og;
	if (og['og:title'] !== title) problems.push(`og:title: ${og['og:title']}`);
	if (!og['og:description']) problems.push('og:description missing');
	if (og['og:type'] !== 'website') problems.push(`og:type: ${og['og:type']}`);
	if (og['og:url'] !== url) problems.push(`og:url: ${og['og:url']}, not ${url}`);
	if (og['og:locale'] !== OG_LOCALES[locale]) problems.push(`og:locale: ${og['og:locale']}`);
	const others = LOCALES.filter((other) => other !== locale).map((other) => OG_LOCALES[other]);
	if (JSON.stringify([...head.ogAlternates].sort()) !== JSON.stringify(others.sort())) {
		problems.push(`og:locale:alternate: ${head.ogAlternates.join(', ')}`);
	}
	if ('og:image' in og) problems.push('og:image on an event without an image');
	if (head.jsonLd.length !== 1) return [...problems, `JSON-LD blocks: ${head.jsonLd.length}`];
	let data: Record<string, unknown>;
	try {
		data = JSON.parse(head.jsonLd[0]!) as Record<string, unknown>;
	} catch (error) {
		return [...problems, `JSON-LD does not parse: ${(error as Error).message}`];
	}
	const offers = data.offers as Record<string, unknown> | undefined;
	const location = data.location as Record<string, unknown> | undefined;
	const organizer = data.organizer as Record<string, unknown> | undefined;
	const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
	const checks: [string, boolean][] = [
		['@context', data['@context'] === 'https://schema.org'],
		['@type', data['@type'] === 'Event'],
		['name', data.name === title],
		['description', typeof data.description === 'string' && data.description !== ''],
		['startDate', isoWithOffset.test(String(data.startDate))],
		['endDate', isoWithOffset.test(String(data.endDate))],
		['eventStatus', data.eventStatus === `https://schema.org/${expected.status}`],
		[
			'eventAttendanceMode',
			data.eventAttendanceMode === 'https://schema.org/OfflineEventAttendanceMode'
		],
		['location', location?.['@type'] === 'Place' && Boolean(location.name && location.address)],
		['organizer', organizer?.['@type'] === 'Organization' && Boolean(organizer.name)],
		['offers.price', offers?.price === 0 && offers.priceCurrency === 'EUR'],
		[
			'offers.availability',
			expected.availability
				? offers?.availability === `https://schema.org/${expected.availability}`
				: /^https:\/\/schema\.org\/(InStock|LimitedAvailability|SoldOut)$/.test(
						String(offers?.availability)
					)
		],
		['offers.url', offers?.url === url],
		['url', data.url === url],
		['inLanguage', data.inLanguage === locale || data.inLanguage === 'fi']
	];
	for (const [field, ok] of checks) {
		if (!ok) problems.push(`JSON-LD ${field}: ${JSON.stringify(data[field.split('.')[0]!])}`);
	}
	return problems;
}

test.describe('every public page, in every language, at phone width (and desktop once)', () => {
	// The not-found page is one of the pages swept.
	test.use({ expectedErrorStatuses: [404] });

	const sweeps: { locale: Locale; width: number }[] = [
		...LOCALES.map((locale) => ({ locale, width: 320 })),
		{ locale: 'fi', width: 1280 }
	];
	for (const { locale, width } of sweeps) {
		test(`${locale} at ${width} px: lang, no sideways scroll, axe, html-validate, head`, async ({
			page,
			request,
			browser,
			baseURL,
			checkA11y
		}, testInfo) => {
			// Fourteen pages, each audited by axe and html-validate: minutes on a loaded machine.
			test.setTimeout(240_000);
			tokensOnce ??= makeTokens(request, browser, baseURL!, testInfo);
			const tokens = await tokensOnce;
			await page.setViewportSize({ width, height: 800 });
			const problems: string[] = [];
			for (const route of routes(tokens)) {
				for (const problem of await visit(page, route, locale, tokens, checkA11y)) {
					problems.push(`${localePath(locale, route.path)} (${locale}, ${width} px) ${problem}`);
				}
			}
			const secrets = Object.values(tokens);
			const shown = problems.map((line) =>
				secrets.reduce((text, secret) => text.replaceAll(secret, '{token}'), line)
			);
			expect(shown, 'problems on public pages').toEqual([]);
		});
	}
});

test('staff pages have no Swedish: /sv/staff/... answers 404', async ({ request }) => {
	for (const path of ['/sv/staff', '/sv/staff/login', '/sv/staff/events']) {
		const response = await request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(404);
		// A public page in Swedish, leading to the Swedish front page: no staff text in Finnish.
		const html = await response.text();
		expect(html, path).toContain(`<title>${t('sv', 'not_found_title')} – ${t('sv', 'site_name')}`);
		expect(html, path).toContain(`href="/sv/"`);
	}
});
