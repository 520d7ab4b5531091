import { expect, test } from '../fixtures';
import type { EventPage } from '../pages/event-page';
import type { RegisteredPage } from '../pages/registered-page';
import { DRIVER_COURSE, LOCALES, titleOf, uniqueEmail, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

// The driver course starts with 19 of 20 seats taken. Each test first takes the last seat if it is
// still free (another test may have got there first), so none depends on the order they run in.
//
// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.use({ javaScriptEnabled: false });

const person = (email: string) => ({
	firstName: 'Satu',
	lastName: 'Heinonen',
	email,
	phone: '+358 40 555 0101'
});

/**
 * Takes the last seat if no test has yet. While it is free, the badge must say how few seats are
 * left in its own amber style, not in the calm one of an event with hundreds.
 */
async function takeLastSeatIfFree(event: EventPage, registered: RegisteredPage, locale: Locale) {
	await event.goto(DRIVER_COURSE);
	if ((await event.seatsBadge.textContent())?.trim() === t(locale, 'event_waitlist_only')) return;
	await expect(event.seatsBadge).toHaveText(t(locale, 'event_seat_left'));
	await expect(event.seatsBadge).toHaveClass(/\bfew\b/);
	await expect(event.submitButton).toHaveAccessibleName(t(locale, 'signup_submit'));
	await event.fill(person(uniqueEmail(`last-seat-${locale}`)));
	await event.submit();
	await registered.expectLanded(DRIVER_COURSE, titleOf(DRIVER_COURSE, locale), [
		'confirmed',
		'waitlisted'
	]);
}

for (const locale of LOCALES) {
	test(`a full event says so in words and offers the waiting list (${locale})`, async ({
		eventPage,
		registeredPage
	}) => {
		const event = eventPage(locale);
		await takeLastSeatIfFree(event, registeredPage(locale), locale);

		await event.goto(DRIVER_COURSE);
		await expect(event.seatsBadge).toHaveText(t(locale, 'event_waitlist_only'));
		await expect(event.seatsBadge).toHaveClass(/\bfull\b/);
		await expect(event.form).toContainText(t(locale, 'signup_full_notice'));
		await expect(event.submitButton).toHaveAccessibleName(t(locale, 'signup_submit_waitlist'));
		await expect(event.submitButton).toBeEnabled();
	});
}

// The journey itself does not depend on the language: once, in Finnish.
test('a visitor joins the waiting list of a full event and is told their place', async ({
	eventPage,
	eventsList,
	registeredPage
}) => {
	const locale = 'fi';
	const title = titleOf(DRIVER_COURSE, locale);
	const event = eventPage(locale);
	await takeLastSeatIfFree(event, registeredPage(locale), locale);

	await event.goto(DRIVER_COURSE);
	const email = uniqueEmail('waitlist');
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
