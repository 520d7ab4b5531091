import { expect, test } from '../fixtures';
import {
	DEMO_SLUGS,
	DRIVER_COURSE,
	LOCALES,
	demoEvent,
	localePath,
	titleOf,
	type Locale
} from '../support/data';
import { literal, pattern, t } from '../support/i18n';

/** What each card should say about seats; other tests sign up meanwhile, so counts are patterns. */
function seatsPattern(locale: Locale, slug: string): RegExp {
	const left = pattern(locale, 'event_seats_left', ['count']).source.slice(1, -1);
	const one = literal(t(locale, 'event_seat_left')).source;
	const full = literal(t(locale, 'event_waitlist_only')).source;
	// The driver course has one seat left until some test takes it; then it is full.
	return new RegExp(`^(${slug === DRIVER_COURSE ? `${one}|${full}` : left})$`);
}

for (const locale of LOCALES) {
	test(`lists the demo events with date, place and seats (${locale})`, async ({
		eventsList,
		page
	}) => {
		const list = eventsList(locale);
		await list.goto();

		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'events_title'));
		for (const slug of DEMO_SLUGS) {
			const title = titleOf(slug, locale);
			const card = list.card(title);
			await expect(card).toHaveCount(1);
			await expect(card.getByRole('link', { name: title })).toHaveAttribute(
				'href',
				localePath(locale, `/events/${slug}`)
			);
			await expect(card.getByRole('term')).toHaveText([
				t(locale, 'event_when'),
				t(locale, 'event_where')
			]);
			const when = card.locator('time');
			await expect(when).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
			await expect(when).toHaveText(/\d{4}/);
			await expect(card.getByRole('definition').last()).toHaveText(demoEvent(slug).location);
			await expect(card.locator('.badge')).toHaveText(seatsPattern(locale, slug));
		}

		// The feeds of this language: a visible line, and links in the head for feed readers.
		const feeds = page.getByRole('paragraph').filter({ hasText: t(locale, 'feeds_subscribe') });
		for (const [key, path, type] of [
			['feeds_calendar', '/events.ics', 'text/calendar'],
			['feeds_news', '/events.atom', 'application/atom+xml']
		] as const) {
			const href = localePath(locale, path);
			await expect(feeds.getByRole('link', { name: t(locale, key) })).toHaveAttribute('href', href);
			await expect(page.locator(`head link[rel="alternate"][type="${type}"]`)).toHaveAttribute(
				'href',
				href
			);
		}
	});
}

test('the language link switches between Finnish and English on the same page', async ({
	eventsList,
	page,
	checkA11y
}) => {
	const fi = eventsList('fi');
	await fi.goto();
	await expect(fi.languageSwitch).toHaveAttribute('hreflang', 'en');
	await fi.languageSwitch.click();

	await expect(page).toHaveURL(/\/en\/?$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'events_title'));
	await checkA11y('switched to English');

	// From an event page the link keeps the visitor on the same event.
	await page.getByRole('link', { name: titleOf(DEMO_SLUGS[0]!, 'en') }).click();
	await expect(page).toHaveURL(new RegExp(`/en/events/${DEMO_SLUGS[0]}$`));
	await checkA11y('event page in English');
	const en = eventsList('en');
	await en.languageSwitch.click();
	await expect(page).toHaveURL(new RegExp(`//[^/]+/events/${DEMO_SLUGS[0]}$`));
	await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(titleOf(DEMO_SLUGS[0]!, 'fi'));
	await checkA11y('switched back to Finnish');
});
