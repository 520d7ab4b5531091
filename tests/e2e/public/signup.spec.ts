import { expect, onPglite, test } from '../fixtures';
import {
	LOCALES,
	OPEN_HOUSE,
	localePath,
	titleOf,
	uniqueEmail,
	type Locale
} from '../support/data';
import { t } from '../support/i18n';
import { manageLink, waitForMail } from '../support/mailbox';

/**
 * The sign-up form's accessible names as DESIGN.md pins them (the open house asks no address).
 * Written out here, not read from the catalogue, so a missing translation cannot pass as Finnish.
 */
const DESIGN_LABELS: Record<Locale, { fields: string[]; submit: string }> = {
	fi: { fields: ['Etunimi', 'Sukunimi', 'Sähköposti', 'Puhelin'], submit: 'Ilmoittaudu' },
	sv: { fields: ['Förnamn', 'Efternamn', 'E-post', 'Telefon'], submit: 'Anmäl mig' },
	en: { fields: ['First name', 'Last name', 'Email', 'Phone'], submit: 'Sign up' }
};

// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.describe('with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of LOCALES) {
		test(`signs up, lands on the confirmation and gets the email (${locale})${onPglite(locale === 'fi')}`, async ({
			eventPage,
			registeredPage,
			baseURL,
			page
		}) => {
			const title = titleOf(OPEN_HOUSE, locale);
			const event = eventPage(locale);
			await event.goto(OPEN_HOUSE);
			await expect(event.heading).toHaveText(title);
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			for (const label of DESIGN_LABELS[locale].fields) {
				await expect(event.form.getByLabel(new RegExp(`^${label}\\b`))).toHaveCount(1);
			}
			await expect(
				event.form.getByRole('button', { name: DESIGN_LABELS[locale].submit, exact: true })
			).toBeVisible();

			const email = uniqueEmail(`signup-${locale}`);
			await event.fill({ firstName: 'Aino', lastName: 'Virtanen', email, phone: '040 123 4567' });
			const response = await event.submit();
			// A plain form POST: SvelteKit's CSRF check accepts the browser's Origin header
			// (no 403, no "Origin: null" from the referrer policy) and the action redirects.
			const post = response!.request();
			expect(post.method()).toBe('POST');
			expect(response!.status()).toBe(303);
			expect(response!.headers()['location']).toBe(
				localePath(locale, `/events/${OPEN_HOUSE}/registered`)
			);
			await registeredPage(locale).expectLanded(OPEN_HOUSE, title);
			// The event's situation, as a fact about the event: the open house has seats left.
			await expect(page.locator('.situation')).toHaveText(registeredPage(locale).situation(false));

			// The mail is in the visitor's language: its own words, not Finnish standing in.
			const [mail] = await waitForMail(email);
			expect(mail!.subject).toBe(t(locale, 'mail_confirmed_subject', { title }));
			if (locale !== 'fi') {
				expect(mail!.subject).not.toBe(t('fi', 'mail_confirmed_subject', { title }));
			}
			expect(mail!.html).toContain(`<html lang="${locale}">`);
			expect(mail!.text).toContain(t(locale, 'mail_greeting', { name: 'Aino' }));
			const ics = mail!.attachments.find((a) => a.filename === 'event.ics');
			expect(ics, 'event.ics attached').toBeDefined();
			expect(ics!.contentType).toBe('text/calendar');
			expect(ics!.content).toContain('BEGIN:VEVENT');
			const link = manageLink(mail!);
			expect(link.origin).toBe(new URL(baseURL!).origin);
			expect(link.pathname).toMatch(new RegExp(`^${localePath(locale, '/manage/')}[\\w-]+$`));
		});
	}
});
