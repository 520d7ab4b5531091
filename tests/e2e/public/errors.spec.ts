import { expect, onPglite, test } from '../fixtures';
import { CANCELLED_EVENT, DRAFT_EVENT, LOCALES, localePath } from '../support/data';
import { t } from '../support/i18n';

test.describe('pages that do not exist', () => {
	test.use({ expectedErrorStatuses: [404] });

	for (const locale of LOCALES) {
		for (const [what, slug] of [
			['an unknown event', 'ei-tallaista-tapahtumaa'],
			['a draft event', DRAFT_EVENT]
		]) {
			test(`${what} gives a 404 page in the visitor's language (${locale})`, async ({
				page,
				checkA11y
			}) => {
				const response = await page.goto(localePath(locale, `/events/${slug}`));
				expect(response!.status()).toBe(404);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(
					t(locale, 'not_found_title')
				);
				await expect(page.getByText(t(locale, 'not_found_body'))).toBeVisible();
				// Paraglide writes a language's home as /sv/ or /en/; both forms reach the same page.
				await expect(
					page.getByRole('link', { name: t(locale, 'registered_back') })
				).toHaveAttribute('href', locale === 'fi' ? '/' : new RegExp(`^/${locale}/?$`));
				await checkA11y('not found');
			});
		}
	}
});

test('a cancelled event says so and offers no form', async ({ eventPage, page }) => {
	const event = eventPage('en');
	const response = await event.goto(CANCELLED_EVENT);
	expect(response!.status()).toBe(200);
	await expect(page.getByText(t('en', 'event_cancelled'))).toBeVisible();
	await expect(event.form).toHaveCount(0);
});

// Run in both projects: on PGlite it also proves that the journeys there did not reach PostgreSQL.
test(`GET /healthz answers 200 with JSON, in no language, naming the database${onPglite()}`, async ({
	request
}) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^application\/json/);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect(response.headers()['set-cookie']).toBeUndefined();
	const { database } = test.info().project.metadata as { database: string };
	expect(await response.json()).toEqual({ status: 'ok', database });
});
