import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { personField } from '../pages/person-fields';
import { DRAFT_EVENT, OPEN_HOUSE, localePath, titleOf, uniqueEmail } from '../support/data';
import { embedParentOrigin, startEmbedParent } from '../support/embed-parent';
import { t } from '../support/i18n';

/**
 * The embeddable views in the company's own page: an iframe on the origin the e2e server lists in
 * ILMO_EMBED_ORIGINS (support/embed-parent.ts), and on one it does not list. The app is on
 * 127.0.0.1, the company sites on 127.0.0.2 and .3: other sites, so the frame is a third party's.
 */
const appPort = new URL(`http://127.0.0.1:${process.env.E2E_PORT}`).port;
const appOrigin = `http://127.0.0.1:${appPort}`;
const listedOrigin = embedParentOrigin(appPort, true);
const unlistedOrigin = embedParentOrigin(appPort, false);

// One worker serves the company pages on their fixed ports: this file's tests run there in order.
test.describe.configure({ mode: 'default' });

let listed: Awaited<ReturnType<typeof startEmbedParent>>;
let unlisted: Awaited<ReturnType<typeof startEmbedParent>>;

test.beforeAll(async () => {
	listed = await startEmbedParent(listedOrigin, appOrigin);
	unlisted = await startEmbedParent(unlistedOrigin, appOrigin);
});
test.afterAll(async () => {
	await Promise.all([listed?.close(), unlisted?.close()]);
});

/** The frame on the company page (the page has one). */
function framed(page: Page) {
	return page.frameLocator('#ilmo-events').locator('body');
}

function frameAncestors(csp: string | undefined): string[] {
	return (
		/frame-ancestors ([^;]*)/
			.exec(csp ?? '')?.[1]
			?.trim()
			.split(/\s+/) ?? []
	);
}

async function scrollsSideways(page: Page): Promise<boolean> {
	return page.evaluate(
		() => document.documentElement.scrollWidth > document.documentElement.clientWidth
	);
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, testOrigins: [listedOrigin] });

	// The views themselves are audited at their own addresses below; the company page is the test's.
	test('a visitor signs up inside the company page’s frame, and no cookie is kept', async ({
		page,
		context
	}) => {
		const locale = 'en';
		const title = titleOf(OPEN_HOUSE, locale);
		const listResponse = page.waitForResponse(`${appOrigin}/en/embed/events`);
		await page.goto(listed.url('/en/embed/events'));
		expect(frameAncestors((await listResponse).headers()['content-security-policy'])).toEqual([
			listedOrigin
		]);

		const frame = framed(page);
		await frame.getByRole('link', { name: title }).click();
		await expect(frame.getByRole('heading', { level: 1 })).toHaveText(title);
		// The form's notice link and the frame's own footer: both leave the frame for a new tab.
		const notices = frame.getByRole('link', { name: t(locale, 'notice_read_more') });
		await expect(notices).toHaveCount(2);
		for (const notice of await notices.all()) {
			await expect(notice).toHaveAttribute('target', '_blank');
			await expect(notice).toHaveAttribute('rel', 'noopener');
		}

		await personField(frame, locale, 'firstName').fill('Kaisa');
		await personField(frame, locale, 'lastName').fill('Kehys');
		await personField(frame, locale, 'email').fill(uniqueEmail('embed'));
		const posted = page.waitForResponse(
			(r) => r.request().method() === 'POST' && r.url().startsWith(appOrigin)
		);
		await frame.getByRole('button', { name: t(locale, 'signup_submit'), exact: true }).click();
		// The frame's own origin posts to itself: the cross-site check lets it through.
		expect((await posted).status()).toBe(303);

		await expect(frame.getByRole('heading', { level: 1 })).toHaveText(
			t(locale, 'registered_title')
		);
		const inFrame = page.frames().find((candidate) => candidate !== page.mainFrame());
		expect(new URL(inFrame!.url()).pathname).toBe(`/en/embed/events/${OPEN_HOUSE}/registered`);
		await expect(frame.getByRole('link', { name: t(locale, 'registered_back') })).toHaveAttribute(
			'href',
			'/en/embed/events'
		);
		expect(await context.cookies()).toEqual([]);
	});

	test('a site not listed cannot frame the views, nor a listed one the site’s own pages', async ({
		browser
	}) => {
		// A refused frame is the browser's error page, not a page of the app to audit: an own context.
		const context = await browser.newContext({ javaScriptEnabled: false });
		try {
			const page = await context.newPage();
			const cases = [
				{ parent: unlisted, origin: unlistedOrigin, path: `/embed/events/${OPEN_HOUSE}` },
				{ parent: listed, origin: listedOrigin, path: `/events/${OPEN_HOUSE}` }
			];
			for (const { parent, origin, path } of cases) {
				const answer = page.waitForResponse(`${appOrigin}${path}`);
				await page.goto(parent.url(path));
				const ancestors = frameAncestors((await answer).headers()['content-security-policy']);
				expect(ancestors, path).not.toContain(origin);
				await expect(framed(page).locator('form')).toHaveCount(0);
				await expect(framed(page).getByRole('heading', { level: 1 })).toHaveCount(0);
			}
		} finally {
			await context.close();
		}
	});

	test.describe(() => {
		test.use({ viewport: { width: 320, height: 800 }, expectedErrorStatuses: [404] });

		test('the views in Swedish and Finnish: no site frame, no sideways scroll, 404 for a draft', async ({
			page,
			checkA11y
		}) => {
			await page.goto(localePath('sv', '/embed/events'));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('sv', 'events_title'));
			await expect(page.getByRole('link', { name: titleOf(OPEN_HOUSE, 'sv') })).toHaveAttribute(
				'href',
				`/sv/embed/events/${OPEN_HOUSE}`
			);
			await expect(page.locator('.site-header')).toHaveCount(0);
			const privacy = page.getByRole('link', { name: t('sv', 'footer_privacy') });
			await expect(privacy).toHaveAttribute('target', '_blank');
			await checkA11y('embedded list');
			expect(await scrollsSideways(page)).toBe(false);

			await page.goto(`/embed/events/${OPEN_HOUSE}`);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(titleOf(OPEN_HOUSE, 'fi'));
			// The only script: the height report, a static file of the app's own.
			await expect(page.locator('script:not([type="application/ld+json"])')).toHaveAttribute(
				'src',
				'/embed/resize.js'
			);
			await checkA11y('embedded event');
			expect(await scrollsSideways(page)).toBe(false);

			await page.goto(localePath('sv', `/embed/events/${OPEN_HOUSE}/registered`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('sv', 'registered_title'));
			const resend = page.getByRole('link', { name: t('sv', 'registered_resend') });
			await expect(resend).toHaveAttribute('target', '_blank');
			await checkA11y('embedded answer');
			expect(await scrollsSideways(page)).toBe(false);

			const missing = await page.goto(`/embed/events/${DRAFT_EVENT}`);
			expect(missing!.status()).toBe(404);
			await checkA11y('embedded 404');
		});
	});
});

test.describe('with JavaScript', () => {
	test.use({ testOrigins: [listedOrigin] });

	test('the frame tells the company page its height', async ({ page }) => {
		await page.goto(listed.url(`/embed/events/${OPEN_HOUSE}`));
		await expect(framed(page).getByRole('heading', { level: 1 })).toHaveText(
			titleOf(OPEN_HOUSE, 'fi')
		);
		await expect
			.poll(() => page.evaluate(() => (window as { ilmoHeights?: number[] }).ilmoHeights?.[0]))
			.toBeGreaterThan(100);
	});
});
