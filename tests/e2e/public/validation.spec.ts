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
	test.describe(() => {
		// The narrowest phone: an answer full of messages must not scroll sideways either.
		test.use({ viewport: { width: 320, height: 800 } });

		test(`reports every mistake in the first answer and keeps the input (${locale})`, async ({
			eventPage,
			checkA11y
		}) => {
			const event = eventPage(locale);
			await event.goto(OPEN_HOUSE);
			// "12345" passes the browser's pattern; only libphonenumber knows it is no number. Its
			// error used to wait for a second submit, behind the email's.
			const typed = { firstName: 'Eero', lastName: '', email: 'eero.korhonen.example.fi' };
			await event.fill({ ...typed, phone: '12345' });
			await submitInvalid(event);
			await expect(event.errorSummary).toBeVisible();
			await event.expectFieldError('lastName', 'required');
			await event.expectFieldError('email', 'emailInvalid');
			await event.expectFieldError('phone', 'phoneInvalid');
			await event.expectFieldValid('firstName');
			for (const [name, value] of Object.entries({ ...typed, phone: '12345' })) {
				await expect(event.field(name as keyof typeof typed)).toHaveValue(value);
			}
			await expect(event.field('lastName')).toBeFocused();
			expect(await event.scrollsSideways(), 'sideways scroll at 320 px').toBe(false);
			await checkA11y('three mistakes at once');
		});
	});
}

// One journey through corrections to a stored sign-up: the steps do not depend on the language.
test.describe("the open house's form", () => {
	test('moves the error as the visitor corrects, and stores only the corrected sign-up', async ({
		eventPage,
		registeredPage,
		checkA11y
	}) => {
		const locale = 'fi';
		const event = eventPage(locale);
		await event.goto(OPEN_HOUSE);
		const email = uniqueEmail('invalid');

		// A missing last name and a phone number that is not one, with a valid email: had
		// anything been stored, a confirmation would go to that address.
		await event.fill({ firstName: 'Eero', lastName: '', email, phone: 'abc' });
		await submitInvalid(event);
		await event.expectFieldError('lastName', 'required');
		await event.expectFieldError('phone', 'phoneInvalid');
		await event.expectFieldValid('email');

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

		// A number only the server can refuse, with everything else right: refused on its own.
		await event.fill({ email, phone: '12345' });
		await submitInvalid(event);
		await event.expectFieldError('phone', 'phoneInvalid');
		await expect(event.field('phone')).toBeFocused();

		await event.fill({ phone: '+358 40 765 4321' });
		await submitAndExpectOneMail(event, registeredPage(locale), locale, email);
	});
});
