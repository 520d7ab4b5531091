import type { Page } from '@playwright/test';
import { withAndWithoutJavaScript, type A11yCheck } from '../fixtures';
import { hydrated } from '../pages/hydration';
import { uniqueBusinessId, uniqueWord, withWrongCheckDigit, type Locale } from '../support/data';
import { t } from '../support/i18n';
import { expect, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const en = (key: string, params?: Record<string, string | number>) => t('en', key, params);

/** Picks the file as staff would, and asks for the preview. */
async function upload(page: Page, locale: Locale, name: string, content: string | Buffer) {
	await page.getByLabel(t(locale, 'contacts_import_file_label'), { exact: true }).setInputFiles({
		name,
		mimeType: 'text/csv',
		buffer: Buffer.from(content)
	});
	await page.getByRole('button', { name: t(locale, 'contacts_import_preview_submit') }).click();
}

/** The number under a label in the preview's summary. */
function count(page: Page, label: string) {
	return page
		.locator('dl.attendee-counts > div')
		.filter({ has: page.getByText(label, { exact: true }) })
		.locator('dd');
}

/** After sign-in, from the dashboard it lands on (a page like any other, so it is checked too). */
async function openImport(
	page: Page,
	checkA11y: A11yCheck,
	javaScriptEnabled: boolean,
	locale: Locale
) {
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		t(locale, 'staff_dashboard_title')
	);
	await hydrated(page, javaScriptEnabled);
	await checkA11y('dashboard');
	await page.goto(
		locale === 'en' ? '/en/staff/organisations/import' : '/staff/organisations/import'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		t(locale, 'contacts_import_title')
	);
	await hydrated(page, javaScriptEnabled);
	await checkA11y('import page');
}

withAndWithoutJavaScript(() => {
	test('staff preview a CSV import, commit it, and importing it again changes nothing', async ({
		page,
		javaScriptEnabled,
		signInAs,
		checkA11y
	}) => {
		const tag = uniqueWord();
		const id = uniqueBusinessId();
		const surname = `Tuotu${tag}`;
		// Excel's "CSV UTF-8": a byte order mark, semicolons, CRLF; Finnish headers.
		const file =
			'\uFEFF' +
			[
				'nimi;y-tunnus;postitoimipaikka;asiakkuus;etunimi;sukunimi;yhteyshenkilön sähköposti',
				`Kuljetus ${tag} Oy;${id};Turku;nykyinen;Aino;${surname};aino.${tag}@example.fi`,
				`Kuljetus ${tag} Oy;${id};;;Bertta;${surname};`,
				`Virhe ${tag} Oy;${withWrongCheckDigit(id)};Espoo;;;;`,
				`Prospekti ${tag} Ky;;Oulu;prospekti;;;`
			].join('\r\n') +
			'\r\n';
		const settle = async (state: string) => {
			await hydrated(page, javaScriptEnabled);
			await checkA11y(state);
		};

		await signInAs('staff');
		await openImport(page, checkA11y, javaScriptEnabled, 'fi');
		await upload(page, 'fi', 'asiakkaat.csv', file);
		await expect(
			page.getByRole('heading', { name: fi('contacts_import_preview_heading') })
		).toBeVisible();
		await expect(count(page, fi('contacts_import_count_organisations_created'))).toHaveText('2');
		await expect(count(page, fi('contacts_import_count_contacts_created'))).toHaveText('2');
		await expect(count(page, fi('contacts_import_count_rows_skipped'))).toHaveText('1');
		const bad = page.getByRole('row', { name: new RegExp(`Virhe ${tag} Oy`) });
		await expect(bad).toContainText(fi('contacts_import_action_skip'));
		await expect(bad).toContainText(fi('contacts_import_reason_business_id_invalid'));
		const first = page.getByRole('row', { name: new RegExp(`Aino ${surname}`) });
		await expect(first).toContainText(fi('contacts_import_action_create'));
		await expect(first).toContainText(fi('contacts_import_detail_new_organisation'));
		await settle('preview');

		await page.getByRole('button', { name: fi('contacts_import_commit_submit') }).click();
		await page.waitForURL(/\?done=1&/);
		await expect(
			page.getByRole('status').filter({
				hasText: fi('contacts_import_done', {
					organisationsCreated: 2,
					organisationsUpdated: 0,
					contactsCreated: 2,
					contactsUpdated: 0,
					rowsSkipped: 1
				})
			})
		).toBeVisible();
		await settle('imported');

		await upload(page, 'fi', 'asiakkaat.csv', file);
		await expect(
			page.getByRole('status').filter({ hasText: fi('contacts_import_no_changes') })
		).toBeVisible();
		await expect(count(page, fi('contacts_import_count_rows_unchanged'))).toHaveText('3');
		await expect(count(page, fi('contacts_import_count_organisations_created'))).toHaveText('0');
		await expect(
			page.getByRole('button', { name: fi('contacts_import_commit_submit') })
		).toHaveCount(0);
		await settle('preview without changes');
	});

	test.describe('refusing a file', () => {
		// A file that cannot be read is refused with 400 and a message, as every form is.
		test.use({ expectedErrorStatuses: [400] });

		test('a Windows-1252 file is refused with advice to save it as CSV UTF-8', async ({
			page,
			javaScriptEnabled,
			signInAs,
			checkA11y
		}) => {
			await signInAs('staff', { locale: 'en' });
			await openImport(page, checkA11y, javaScriptEnabled, 'en');
			// "Äijälä Oy" as Excel's plain "CSV" writes it: ä and Ä are single bytes, not UTF-8.
			const latin1 = Buffer.from('name\n\xc4ij\xe4l\xe4 Oy\n', 'latin1');
			await upload(page, 'en', 'excel.csv', latin1);
			const input = page.getByLabel(en('contacts_import_file_label'), { exact: true });
			await expect(input).toHaveAttribute('aria-invalid', 'true');
			await expect(input).toHaveAccessibleDescription(
				new RegExp(en('contacts_import_error_encoding').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			);
			await expect(
				page.getByRole('heading', { name: en('contacts_import_preview_heading') })
			).toHaveCount(0);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('refused file');
		});
	});
});
