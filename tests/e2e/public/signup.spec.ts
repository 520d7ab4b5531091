import { expect, onPglite, test } from '../fixtures';
import { LOCALES, OPEN_HOUSE, titleOf, uniqueEmail } from '../support/data';
import { t } from '../support/i18n';
import { manageLink, waitForMail } from '../support/mailbox';

// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.describe('with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	for (const locale of LOCALES) {
		test(`signs up, lands on the confirmation and gets the email (${locale})${onPglite(locale === 'fi')}`, async ({
			eventPage,
			registeredPage,
			baseURL
		}) => {
			const title = titleOf(OPEN_HOUSE, locale);
			const event = eventPage(locale);
			await event.goto(OPEN_HOUSE);
			await expect(event.heading).toHaveText(title);

			const email = uniqueEmail(`signup-${locale}`);
			await event.fill({ firstName: 'Aino', lastName: 'Virtanen', email, phone: '040 123 4567' });
			const response = await event.submit();
			// A plain form POST: SvelteKit's CSRF check accepts the browser's Origin header
			// (no 403, no "Origin: null" from the referrer policy) and the action redirects.
			const post = response!.request();
			expect(post.method()).toBe('POST');
			expect(response!.status()).toBe(303);
			expect(response!.headers()['location']).toMatch(/\/registered\?status=confirmed$/);
			await registeredPage(locale).expectLanded(OPEN_HOUSE, title);

			const [mail] = await waitForMail(email);
			expect(mail!.subject).toBe(t(locale, 'mail_confirmed_subject', { title }));
			expect(mail!.text).toContain(t(locale, 'mail_greeting', { name: 'Aino' }));
			const ics = mail!.attachments.find((a) => a.filename === 'event.ics');
			expect(ics, 'event.ics attached').toBeDefined();
			expect(ics!.contentType).toBe('text/calendar');
			expect(ics!.content).toContain('BEGIN:VEVENT');
			const link = manageLink(mail!);
			expect(link.origin).toBe(new URL(baseURL!).origin);
			expect(link.pathname).toMatch(locale === 'fi' ? /^\/manage\/\w+$/ : /^\/en\/manage\/\w+$/);
		});
	}
});
