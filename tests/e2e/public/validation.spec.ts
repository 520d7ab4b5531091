import { expect, test } from '../fixtures';
import type { EventPage } from '../pages/event-page';
import type { RegisteredPage } from '../pages/registered-page';
import { LOCALES, OPEN_HOUSE, titleOf, uniqueEmail, type Locale } from '../support/data';
import { mailTo, waitForMail } from '../support/mailbox';

/** Submits a form that the server must refuse: the scriptless event page posts natively, so 400. */
async function submitInvalid(event: EventPage) {
	const response = await event.submit();
	expect(response!.status()).toBe(400);
}

/**
 * Submits the corrected form: it lands on the registered page and sends one confirmation. The
 * outbox sends in order, so once this confirmation is in, one for a refused attempt would be too.
 */
async function submitAndExpectOneMail(
	event: EventPage,
	registered: RegisteredPage,
	locale: Locale,
	email: string
) {
	await event.submit();
	await registered.expectLanded(OPEN_HOUSE, titleOf(OPEN_HOUSE, locale));
	await waitForMail(email);
	expect(mailTo(email)).toHaveLength(1);
}

// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.use({ javaScriptEnabled: false, expectedErrorStatuses: [400] });

for (const locale of LOCALES) {
	test.describe("the open house's form", () => {
		let event: EventPage;
		test.beforeEach(async ({ eventPage }) => {
			event = eventPage(locale);
			await event.goto(OPEN_HOUSE);
		});

		test(`explains each mistake on its field, keeps the input and stores nothing (${locale})`, async ({
			registeredPage,
			checkA11y
		}) => {
			const email = uniqueEmail(`invalid-${locale}`);

			// A missing last name and a phone number that is not one, with a valid email: had
			// anything been stored, a confirmation would go to that address.
			await event.fill({ firstName: 'Eero', lastName: '', email, phone: 'abc' });
			await submitInvalid(event);
			await expect(event.errorSummary).toBeVisible();
			await event.expectFieldError('lastName', 'required');
			await event.expectFieldError('phone', 'phoneInvalid');
			await event.expectFieldValid('firstName');
			await event.expectFieldValid('email');
			await expect(event.field('firstName')).toHaveValue('Eero');
			await expect(event.field('email')).toHaveValue(email);
			await expect(event.field('phone')).toHaveValue('abc');
			await expect(event.field('lastName')).toBeFocused();
			await checkA11y('missing last name, bad phone');

			// Fixing those but breaking the email moves the error, and the focus, there.
			await event.fill({ lastName: 'Korhonen', phone: '', email: 'eero.korhonen.example.fi' });
			await submitInvalid(event);
			await event.expectFieldError('email', 'emailInvalid');
			for (const name of ['firstName', 'lastName', 'phone'] as const) {
				await event.expectFieldValid(name);
			}
			await expect(event.field('lastName')).toHaveValue('Korhonen');
			await expect(event.field('email')).toBeFocused();
			await checkA11y('bad email');

			await event.fill({ email });
			await submitAndExpectOneMail(event, registeredPage(locale), locale, email);
		});

		test(`shows the server's verdict on a number only it can check (${locale})`, async ({
			registeredPage,
			checkA11y
		}) => {
			const email = uniqueEmail(`phone-${locale}`);
			// Looks like a number to the browser; libphonenumber on the server knows it is not one.
			await event.fill({ firstName: 'Jari', lastName: 'Heikkinen', email, phone: '12345' });
			await submitInvalid(event);
			await event.expectFieldError('phone', 'phoneInvalid');
			await expect(event.field('phone')).toHaveValue('12345');
			await expect(event.field('phone')).toBeFocused();
			await checkA11y('phone refused by the server');

			await event.fill({ phone: '+358 40 765 4321' });
			await submitAndExpectOneMail(event, registeredPage(locale), locale, email);
		});
	});
}
