import { expect, test } from '../fixtures';
import { FIELDS } from '../pages/event-page';
import { TRUCK_SHOW, titleOf, uniqueEmail, type Locale } from '../support/data';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

const VALUES = {
	firstName: 'Heidi',
	lastName: 'Koskinen',
	phone: '040 765 4321',
	street: 'Messukentänkatu 9',
	postalCode: '20210',
	city: 'Turku'
};

// The truck show asks every field, so one form covers the whole tab order.
//
// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.use({ javaScriptEnabled: false });

// Tab order and keys do not depend on the language: once, in Swedish, whose labels the other specs
// check as well.
const locale: Locale = 'sv';

test(`the form works from the keyboard alone (${locale})`, async ({
	eventPage,
	registeredPage,
	page
}) => {
	const event = eventPage(locale);
	await event.goto(TRUCK_SHOW);
	const skipLink = page.getByRole('link', { name: t(locale, 'skip_to_content') });

	// The first Tab stop is the skip link, and it shows itself when focused.
	await page.keyboard.press('Tab');
	await expect(skipLink).toBeFocused();
	await expect(skipLink).toBeInViewport();

	// Without skipping: only the header's links come before the fields, which follow in order.
	const headerLinks = page.getByRole('banner').getByRole('link');
	for (let i = 0; i < (await headerLinks.count()); i++) {
		await page.keyboard.press('Tab');
		await expect(headerLinks.nth(i)).toBeFocused();
	}
	for (const name of FIELDS) {
		await page.keyboard.press('Tab');
		await expect(event.field(name)).toBeFocused();
	}
	// Then the button. A consent box or a link to the privacy notice may sit between the
	// last field and the button, but focus must not leave the form on the way.
	const focusedInForm = event.form.locator(':focus');
	for (let stops = 0; ; stops++) {
		await page.keyboard.press('Tab');
		await expect(focusedInForm).toHaveCount(1);
		if (await event.submitButton.and(focusedInForm).count()) break;
		expect(stops, 'Tab stops between the last field and the button').toBeLessThan(3);
	}

	// From the top again, the skip link goes straight to the content: the next stop is the form.
	await event.goto(TRUCK_SHOW);
	await page.keyboard.press('Tab');
	await expect(skipLink).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(event.field('firstName')).toBeFocused();

	const email = uniqueEmail(`keyboard-${locale}`);
	const typed = { ...VALUES, email };
	for (const [i, name] of FIELDS.entries()) {
		if (i > 0) await page.keyboard.press('Tab');
		await expect(event.field(name)).toBeFocused();
		await page.keyboard.type(typed[name]);
	}
	// Enter in a text field submits the form.
	await page.keyboard.press('Enter');
	await registeredPage(locale).expectLanded(TRUCK_SHOW, titleOf(TRUCK_SHOW, locale));
	await waitForMail(email);
});
