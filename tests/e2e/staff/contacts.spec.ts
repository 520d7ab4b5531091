import type { Locator, Response } from '@playwright/test';
import { StaffPage } from '../pages/staff-page';
import { uniqueBusinessId, uniqueEmail, uniqueWord, withWrongCheckDigit } from '../support/data';
import { literal } from '../support/i18n';
import { withAndWithoutJavaScript } from '../fixtures';
import { expect, test } from './staff-fixtures';

/** The contact register's pages, found by labels and roles as a staff member finds them. */
class Register extends StaffPage {
	/** A path as the browser showed it, already under /en where English is used. */
	async open(localisedPath: string, state: string) {
		await this.page.goto(localisedPath);
		await this.settle(state);
	}

	field(key: string): Locator {
		return this.labelled(key);
	}

	async fill(values: Record<string, string>) {
		for (const [key, value] of Object.entries(values)) await this.field(key).fill(value);
	}

	async press(key: string): Promise<Response | null> {
		return this.pressButton(this.page.getByRole('button', { name: this.text(key), exact: true }));
	}

	async expectError(key: string, message: string) {
		const input = this.field(key);
		await expect(input).toHaveAttribute('aria-invalid', 'true');
		await expect(input).toHaveAccessibleDescription(new RegExp(`^${literal(message).source}`));
	}

	/** Types into a list's search box and sends the GET form; the list is checked when it shows. */
	async search(searchKey: string, q: string, state: string) {
		await this.page.getByRole('searchbox', { name: this.text(searchKey) }).fill(q);
		await this.page
			.getByRole('button', { name: this.text('list_search_submit'), exact: true })
			.click();
		await this.page.waitForURL((url) => url.searchParams.get('q') === q);
		await this.settle(state);
	}
}

withAndWithoutJavaScript(
	(javaScriptEnabled, locale) => {
		test(`staff keep an organisation and its contact person (${locale})`, async ({
			signedInAs,
			page
		}) => {
			// A long journey with axe on every page (twice without JavaScript): room for a busy machine.
			test.setTimeout(2 * 90_000);
			const app = await signedInAs(Register, 'staff', locale);

			const word = uniqueWord();
			const name = `Äijälän Kuljetus ${word} Oy`;
			const city = `Pöytyä ${word}`;
			const valid = uniqueBusinessId();
			const invalid = withWrongCheckDigit(valid);

			// A y-tunnus whose check digit is wrong is refused, and what was typed stays.
			await app.goto('/staff/organisations', 'organisation list');
			await page.getByRole('link', { name: app.text('organisations_new_link') }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				app.text('organisations_new_title')
			);
			await app.settle('new organisation');
			await app.fill({
				organisations_field_name: name,
				organisations_field_business_id: invalid,
				field_city: city,
				field_phone: '02 234 5678'
			});
			await app.field('organisations_field_status').selectOption('current');
			await app.press('organisations_create_submit');
			await app.expectError(
				'organisations_field_business_id',
				app.text('contacts_error_business_id')
			);
			await expect(app.field('organisations_field_name')).toHaveValue(name);
			await expect(app.field('field_city')).toHaveValue(city);
			await expect(app.field('organisations_field_business_id')).toHaveValue(invalid);
			await expect(app.field('organisations_field_status')).toHaveValue('current');
			await app.settle('organisation refused');

			await app.fill({ organisations_field_business_id: valid });
			await app.press('organisations_create_submit');
			await page.waitForURL(/\/staff\/organisations\/[0-9a-f-]{36}\?done=created$/);
			await expect(app.notice('organisations_done_created')).toBeVisible();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
			await expect(page.getByText(valid, { exact: true })).toBeVisible();
			await expect(page.getByText('+35822345678', { exact: true })).toBeVisible();
			await app.settle('organisation created');
			const organisationPath = new URL(page.url()).pathname;
			const organisationId = organisationPath.split('/').at(-1)!;

			// Found by its y-tunnus (also typed without the hyphen) and by its city in capitals.
			const row = page.getByRole('row').filter({ hasText: name });
			await app.goto('/staff/organisations', 'organisation list again');
			await app.search('organisations_search_label', valid, 'searched by y-tunnus');
			await expect(row).toHaveCount(1);
			await expect(row).toContainText(app.text('organisations_status_current'));
			await app.search('organisations_search_label', valid.replace('-', ''), 'y-tunnus digits');
			await expect(row).toHaveCount(1);
			await app.search('organisations_search_label', city.toUpperCase(), 'searched by city');
			await expect(row).toHaveCount(1);
			await expect(page.getByRole('row')).toHaveCount(2);

			// A contact person added from the organisation's page starts at that organisation.
			await row.getByRole('link', { name }).click();
			await page.waitForURL((url) => url.pathname === organisationPath);
			await app.settle('organisation page');
			await page.getByRole('link', { name: app.text('organisations_add_contact') }).click();
			await page.waitForURL(/\/staff\/contacts\/new\?organisation=/);
			await app.settle('new contact');
			await expect(app.field('contacts_field_organisation')).toHaveValue(organisationId);

			const lastName = `Öhman${word}`;
			await app.fill({
				field_first_name: 'Ööpiä',
				field_last_name: lastName,
				contacts_field_title: 'Kalustopäällikkö',
				field_email: uniqueEmail('contact'),
				field_phone: '040 765 4321'
			});
			await page.getByRole('radio', { name: app.text('link_basis_customer_relationship') }).check();
			await app.press('contacts_create_submit');
			await page.waitForURL(/\/staff\/contacts\/[0-9a-f-]{36}\?done=created$/);
			await expect(app.notice('contacts_done_created')).toBeVisible();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ööpiä ${lastName}`);
			await expect(page.getByRole('link', { name })).toHaveAttribute('href', organisationPath);
			await expect(page.getByText('+358407654321', { exact: true })).toBeVisible();
			await app.settle('contact created');
			const contactPath = new URL(page.url()).pathname;

			// Edit: a new job title.
			await page.getByRole('link', { name: app.text('contacts_edit_link') }).click();
			await page.waitForURL((url) => url.pathname === `${contactPath}/edit`);
			await app.settle('edit contact');
			await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
			await app.fill({ contacts_field_title: 'Huoltopäällikkö' });
			await app.press('contacts_save_submit');
			await page.waitForURL((url) => url.pathname === contactPath);
			await expect(app.notice('contacts_done_saved')).toBeVisible();
			await expect(page.getByText('Huoltopäällikkö', { exact: true })).toBeVisible();
			await app.settle('contact saved');

			// Archive: not without the ticked confirmation; then gone from the default list.
			await app.open(`${contactPath}/edit`, 'edit contact again');
			await app.press('contacts_archive_submit');
			const confirm = page.getByRole('checkbox', { name: app.text('contacts_archive_confirm') });
			await expect(confirm).toHaveAttribute('aria-invalid', 'true');
			await expect(confirm).toHaveAccessibleDescription(app.text('contacts_confirm_error'));
			await app.settle('archive refused');
			await confirm.check();
			await app.press('contacts_archive_submit');
			await page.waitForURL((url) => url.pathname === contactPath);
			await expect(app.notice('contacts_done_archived')).toBeVisible();
			await app.settle('contact archived');

			const contactRow = page.getByRole('row').filter({ hasText: lastName });
			await app.goto('/staff/contacts', 'contact list');
			await app.search('contacts_search_label', lastName.toLowerCase(), 'archived left out');
			await expect(contactRow).toHaveCount(0);
			await page.getByRole('checkbox', { name: app.text('contacts_show_archived') }).check();
			await page.getByRole('button', { name: app.text('list_search_submit'), exact: true }).click();
			await page.waitForURL((url) => url.searchParams.get('archived') === '1');
			await app.settle('archived shown');
			await expect(contactRow).toHaveCount(1);
			await expect(contactRow).toContainText(app.text('contacts_archived_marker'));
		});
	},
	{ refusals: true }
);
