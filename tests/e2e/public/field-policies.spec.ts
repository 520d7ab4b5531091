import { expect, test } from '../fixtures';
import {
	DRIVER_COURSE,
	FUZZ_EVENT,
	LOCALES,
	OPEN_HOUSE,
	TRUCK_SHOW,
	titleOf,
	uniqueEmail
} from '../support/data';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

const ADDRESS = ['street', 'postalCode', 'city'] as const;
const AUTOCOMPLETE = { street: 'address-line1', postalCode: 'postal-code', city: 'address-level2' };

// The event page ships no script (csr = false), so a browser with JavaScript on takes the very
// path this one does; EventPage.goto checks that it still ships none.
test.use({ javaScriptEnabled: false });

for (const locale of LOCALES) {
	test.describe(() => {
		test.use({ expectedErrorStatuses: [400] });

		test(`the driver course requires a phone number and asks no address (${locale})`, async ({
			eventPage,
			checkA11y
		}) => {
			const event = eventPage(locale);
			await event.goto(DRIVER_COURSE);
			await expect(event.field('phone')).toBeVisible();
			await expect(event.field('phone')).toHaveAttribute('required');
			await expect(event.field('phone')).toHaveAccessibleName(t(locale, 'field_phone'));
			for (const name of ADDRESS) await expect(event.field(name)).toHaveCount(0);
			await expect(
				event.form.getByRole('group', { name: t(locale, 'field_address_legend') })
			).toHaveCount(0);

			await event.fill({
				firstName: 'Kari',
				lastName: 'Lehtonen',
				email: uniqueEmail('no-phone'),
				phone: ''
			});
			const response = await event.submit();
			expect(response!.status()).toBe(400);
			await event.expectFieldError('phone', 'required');
			for (const name of ['firstName', 'lastName', 'email'] as const) {
				await event.expectFieldValid(name);
			}
			await expect(event.field('phone')).toBeFocused();
			await checkA11y('phone missing');
		});
	});
}

test('the open house asks an optional phone number and no address', async ({ eventPage }) => {
	const event = eventPage('fi');
	await event.goto(OPEN_HOUSE);
	await expect(event.field('phone')).not.toHaveAttribute('required');
	// Two words, not "Puhelin(vapaaehtoinen)".
	await expect(event.field('phone')).toHaveAccessibleName(
		`${t('fi', 'field_phone')} ${t('fi', 'field_optional')}`
	);
	for (const name of ADDRESS) await expect(event.field(name)).toHaveCount(0);
});

test.describe('the truck show', () => {
	// The refused postal code comes back as the page's 400: the event page posts natively.
	test.use({ expectedErrorStatuses: [400] });
	test('asks an optional address and stores a sign-up with one', async ({
		eventPage,
		registeredPage,
		checkA11y
	}) => {
		const event = eventPage('fi');
		await event.goto(TRUCK_SHOW);
		const address = event.form.getByRole('group', { name: t('fi', 'field_address_legend') });
		await expect(address).toBeVisible();
		for (const name of ADDRESS) {
			await expect(address.getByRole('textbox').and(event.field(name))).toBeVisible();
			await expect(event.field(name)).not.toHaveAttribute('required');
		}
		// One line of the address: "street-address" is for a multi-line field (invalid on <input>).
		for (const [name, token] of Object.entries(AUTOCOMPLETE)) {
			await expect(event.field(name as keyof typeof AUTOCOMPLETE)).toHaveAttribute(
				'autocomplete',
				token
			);
		}

		const email = uniqueEmail('address');
		await event.fill({
			firstName: 'Minna',
			lastName: 'Lehtinen',
			email,
			street: 'Messukentänkatu 9',
			postalCode: '2021',
			city: 'Turku'
		});
		await event.submit();
		await event.expectFieldError('postalCode', 'postalCodeInvalid');
		await expect(event.field('postalCode')).toBeFocused();
		await checkA11y('postal code too short');

		await event.fill({ postalCode: '20210' });
		await event.submit();
		await registeredPage('fi').expectLanded(TRUCK_SHOW, titleOf(TRUCK_SHOW, 'fi'));
		await waitForMail(email);
	});
});

// The test events have Finnish and English texts but no Swedish ones.
test("an event's Finnish text stands in for a missing translation, marked as Finnish", async ({
	eventPage,
	eventsList,
	page
}) => {
	const event = eventPage('sv');
	await event.goto(FUZZ_EVENT);
	await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
	await expect(event.heading).toHaveText(titleOf(FUZZ_EVENT, 'fi'));
	await expect(event.heading).toHaveAttribute('lang', 'fi');
	await expect(page.getByText('Testitapahtuma.', { exact: true })).toBeVisible();
	await expect(page.locator('article [lang="fi"]').getByText('Testitapahtuma.')).toHaveCount(1);

	// Translated, the texts are in the page's language.
	await eventPage('en').goto(FUZZ_EVENT);
	await expect(event.heading).toHaveText(titleOf(FUZZ_EVENT, 'en'));
	await expect(event.heading).toHaveAttribute('lang', 'en');
	await expect(page.locator('article [lang="en"]').getByText('A test event.')).toHaveCount(1);

	const list = eventsList('sv');
	await list.goto();
	const link = page.getByRole('link', { name: titleOf(FUZZ_EVENT, 'fi'), exact: true });
	await expect(link).toHaveAttribute('lang', 'fi');
});
