import { expect, test } from '../fixtures';
import {
	CANCELLED_EVENT,
	DEMO_SLUGS,
	DRAFT_EVENT,
	DRIVER_COURSE,
	LOCALES,
	OPEN_HOUSE,
	demoEvent,
	localePath,
	titleOf,
	type Locale
} from '../support/data';
import { t } from '../support/i18n';

/** The controller as configured; the suite runs on the defaults, which are the seed notice's. */
const CONTROLLER = {
	name: 'Wetteri Trucks Oy',
	address: 'Pollenkuja 6, 20380 Turku',
	phone: '044 556 7887',
	email: 'wetteritrucks@wetteri.fi'
};
/** Days an event keeps its registrations when it sets none (the database default). */
const DEFAULT_RETENTION_DAYS = 90;

/** The words the notice uses for the fields an event may or may not ask. */
const FIELD_WORDS: Record<Locale, { email: string; phone: string; address: string }> = {
	fi: { email: 'sähköposti', phone: 'puhelinnumero', address: 'osoite' },
	sv: { email: 'e-post', phone: 'telefonnummer', address: 'adress' },
	en: { email: 'email', phone: 'phone number', address: 'address' }
};

for (const locale of LOCALES) {
	test(`the notice names the controller, what each event asks, how long, and every right (${locale})`, async ({
		page,
		checkA11y
	}) => {
		const response = await page.goto(localePath(locale, '/privacy'));
		expect(response!.status()).toBe(200);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'privacy_title'));

		// A translation says the Finnish notice is the one that counts, and links to it.
		const original = page.getByRole('link', { name: t('fi', 'privacy_finnish_link') });
		if (locale === 'fi') {
			await expect(original).toHaveCount(0);
		} else {
			await expect(page.getByText(t(locale, 'privacy_translation_note'))).toBeVisible();
			await expect(original).toHaveAttribute('href', localePath('fi', '/privacy'));
			await expect(original).toHaveAttribute('hreflang', 'fi');
		}
		// The header offers the same page in the two other languages, each named in its own.
		const languages = page.getByRole('navigation', { name: t(locale, 'nav_language_label') });
		const names: Record<Locale, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };
		for (const other of LOCALES.filter((l) => l !== locale)) {
			await expect(
				languages.getByRole('link', { name: names[other], exact: true })
			).toHaveAttribute('href', localePath(other, '/privacy'));
		}
		await expect(languages.getByRole('link', { name: names[locale], exact: true })).toHaveCount(0);

		const controller = page.getByRole('region', { name: t(locale, 'privacy_controller') });
		for (const detail of Object.values(CONTROLLER)) await expect(controller).toContainText(detail);

		// Every published event with the fields it asks; drafts and cancelled events are not there.
		const asked = page.getByRole('region', { name: t(locale, 'privacy_events_heading') });
		const words = FIELD_WORDS[locale];
		const required = t(locale, 'privacy_required');
		const optional = t(locale, 'privacy_optional');
		for (const slug of DEMO_SLUGS) {
			const event = demoEvent(slug);
			const item = asked.getByRole('listitem').filter({ hasText: titleOf(slug, locale) });
			await expect(item).toHaveCount(1);
			await expect(item).toContainText(`${words.email} (${required})`);
			for (const [field, policy] of [
				['phone', event.phonePolicy ?? 'optional'],
				['address', event.addressPolicy ?? 'hidden']
			] as const) {
				const word = words[field];
				if (policy === 'hidden') {
					await expect(item).not.toContainText(word);
				} else {
					// The address names its parts in brackets before saying whether it is required.
					const mark = policy === 'required' ? required : optional;
					await expect(item).toContainText(new RegExp(`${word}(?: \\([^)]*\\))? \\(${mark}\\)`));
				}
			}
		}
		for (const slug of [DRAFT_EVENT, CANCELLED_EVENT]) {
			await expect(asked).not.toContainText(titleOf(slug, locale));
		}

		const retention = page.getByRole('region', { name: t(locale, 'privacy_retention_heading') });
		for (const slug of DEMO_SLUGS) {
			const days = demoEvent(slug).retentionDays ?? DEFAULT_RETENTION_DAYS;
			await expect(retention).toContainText(
				t(locale, 'privacy_retention_event', { title: titleOf(slug, locale), days })
			);
		}
		// How long the log of reminders and messages sent, and the messages themselves, are kept.
		await expect(retention).toContainText(t(locale, 'privacy_retention_event_mail'));
		await expect(retention).toContainText(t(locale, 'privacy_retention_check_in'));

		// Every right, the complaint to the Data Protection Ombudsman included, and how to ask.
		const rights = page.getByRole('region', { name: t(locale, 'privacy_rights_heading') });
		expect(await rights.getByRole('listitem').count()).toBeGreaterThanOrEqual(8);
		await expect(rights).toContainText(t(locale, 'privacy_complaint'));
		await expect(rights.getByText('tietosuoja.fi').first()).toBeVisible();
		await expect(rights).toContainText(CONTROLLER.email);
		await expect(rights).toContainText(CONTROLLER.phone);
		await checkA11y('the notice');
	});
}

// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does there; the notice itself is checked with JavaScript on above.
test.describe('from the form, with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of LOCALES) {
		test(`the form's short notice sits by the button and links to the full one (${locale})`, async ({
			eventPage,
			page,
			checkA11y
		}) => {
			const event = eventPage(locale);
			const days = demoEvent(DRIVER_COURSE).retentionDays ?? DEFAULT_RETENTION_DAYS;
			const short = t(locale, 'notice_short', { controller: CONTROLLER.name, days });

			// The driver course requires a phone number, and says why.
			await event.goto(DRIVER_COURSE);
			await expect(event.form).toContainText(short);
			await expect(event.form.getByText(t(locale, 'notice_why_phone'))).toBeVisible();
			// The button is described by the notice, so a screen reader reads it before sending.
			await expect(event.submitButton).toHaveAccessibleDescription(new RegExp(`^${short}`));

			// Where the phone is optional, no reason is needed.
			await event.goto(OPEN_HOUSE);
			await expect(event.form).toContainText(short);
			await expect(event.form.getByText(t(locale, 'notice_why_phone'))).toHaveCount(0);

			const link = event.form.getByRole('link', { name: t(locale, 'notice_read_more') });
			await expect(link).toHaveAttribute('href', localePath(locale, '/privacy'));
			await link.click();
			await expect(page).toHaveURL(new RegExp(`${localePath(locale, '/privacy')}$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'privacy_title'));
			await checkA11y('reached from the form');
		});
	}
});
