import { expect, test } from '../fixtures';
import { DRIVER_COURSE, LOCALES, titleOf, uniqueEmail } from '../support/data';
import { literal, t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

// The driver course starts with 19 of 20 seats taken. Each test first takes the last seat if it is
// still free (another test may have got there first), so none depends on the order they run in.
//
// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.use({ javaScriptEnabled: false });

for (const locale of LOCALES) {
	test(`a full event offers the waiting list and puts the visitor on it (${locale})`, async ({
		eventPage,
		eventsList,
		registeredPage,
		page
	}) => {
		const title = titleOf(DRIVER_COURSE, locale);
		const event = eventPage(locale);
		const person = (email: string) => ({
			firstName: 'Satu',
			lastName: 'Heinonen',
			email,
			phone: '+358 40 555 0101'
		});

		await event.goto(DRIVER_COURSE);
		await event.fill(person(uniqueEmail(`last-seat-${locale}`)));
		await event.submit();
		await registeredPage(locale).expectLanded(DRIVER_COURSE, title, ['confirmed', 'waitlisted']);

		await event.goto(DRIVER_COURSE);
		await expect(page.getByText(t(locale, 'event_waitlist_only'), { exact: true })).toBeVisible();
		await expect(event.form).toContainText(t(locale, 'signup_full_notice'));
		await expect(event.submitButton).toBeEnabled();

		const email = uniqueEmail(`waitlist-${locale}`);
		await event.fill(person(email));
		await event.submit();
		await registeredPage(locale).expectLanded(DRIVER_COURSE, title, ['waitlisted']);

		const [mail] = await waitForMail(email);
		expect(mail!.subject).toBe(t(locale, 'mail_waitlisted_subject', { title }));
		const position = t(locale, 'mail_waitlisted_body', { position: '\u0000' });
		const [before, after] = position.split('\u0000').map((part) => literal(part).source);
		expect(mail!.text).toMatch(new RegExp(`${before}\\d+${after}`));

		const list = eventsList(locale);
		await list.goto();
		await expect(list.card(title).locator('.badge')).toHaveText(t(locale, 'event_waitlist_only'));
	});
}
