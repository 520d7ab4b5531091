import { hydrated } from '../pages/hydration';
import { t } from '../support/i18n';
import { withAndWithoutJavaScript } from '../fixtures';
import { downloadCsv } from '../support/downloads';
import { StaffPage } from '../pages/staff-page';
import { expect, STAFF_USERS, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const ADMIN = STAFF_USERS.admin;

/**
 * The admin's journey through the audit trail: their own sign-in is in it, the filters narrow it
 * down, and the export carries the same filters. Who may not open it (403 for staff and door) is
 * the access-matrix test's job, derived from the route's requireStaff('audit.view').
 */
withAndWithoutJavaScript(() => {
	test('an admin finds their own sign-in in the audit trail and exports it as CSV', async ({
		page,
		javaScriptEnabled,
		signedInAs,
		checkA11y
	}) => {
		await signedInAs(StaffPage, 'admin');
		await page.goto('/staff/audit');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('audit_title'));
		await hydrated(page, javaScriptEnabled);
		await checkA11y('audit trail');

		await page
			.getByLabel(fi('audit_filter_actor'), { exact: true })
			.selectOption({ label: `${ADMIN.displayName} (${ADMIN.email})` });
		await page
			.getByLabel(fi('audit_filter_action'), { exact: true })
			.selectOption('staff.signed_in');
		await page.getByRole('button', { name: fi('audit_filter_submit'), exact: true }).click();
		await page.waitForURL(/[?&]action=staff\.signed_in/);
		await expect(page.getByLabel(fi('audit_filter_action'), { exact: true })).toHaveValue(
			'staff.signed_in'
		);

		// Every event is one of this admin's sign-ins, told as a sentence with its code beside
		// it; the subject is the admin's account by name, not a type and an id.
		const rows = page.getByRole('list', { name: fi('audit_events_heading') }).getByRole('listitem');
		await expect(rows.first()).toBeVisible();
		const count = await rows.count();
		expect(count).toBeGreaterThan(0);
		for (let i = 0; i < count; i++) {
			await expect(rows.nth(i)).toContainText(ADMIN.displayName);
			await expect(rows.nth(i)).toContainText('staff.signed_in');
		}
		await expect(rows.first()).toContainText(`${fi('audit_action_staff_signed_in')}, `);
		await expect(rows.first()).not.toContainText('secondFactorPending');
		await expect(rows.first().getByRole('link', { name: ADMIN.displayName })).toHaveAttribute(
			'href',
			/\/staff\/users\/[0-9a-f-]{36}$/
		);
		await expect(rows.first()).not.toContainText('staff_user');
		await checkA11y('filtered');

		// Sentences and names wrap: the page never scrolls sideways on a phone or a laptop.
		for (const width of [390, 1366]) {
			await page.setViewportSize({ width, height: 800 });
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
		}

		const lines = await downloadCsv(
			page,
			page.getByRole('button', { name: fi('audit_export_submit'), exact: true }),
			fi('audit_csv_filename')
		);
		expect(lines[0]).toBe(
			[
				fi('audit_col_at'),
				fi('audit_col_actor'),
				fi('audit_col_action'),
				fi('audit_csv_subject_type'),
				fi('audit_csv_subject_id'),
				fi('audit_col_count'),
				fi('audit_col_details')
			]
				.map((header) => `"${header}"`)
				.join(';')
		);
		const records = lines.slice(1).filter((line) => line !== '');
		// At least the rows the page showed; sign-ins by parallel tests may have come since.
		expect(records.length).toBeGreaterThanOrEqual(count);
		for (const record of records) {
			expect(record).toMatch(
				new RegExp(
					`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d;"${ADMIN.displayName}";"staff\\.signed_in";"staff_user";"[0-9a-f-]{36}";;`
				)
			);
		}

		// The export is itself in the trail, with the number of rows it held.
		await page.goto('/staff/audit?action=audit.exported');
		const exported = page
			.getByRole('list', { name: fi('audit_events_heading') })
			.getByRole('listitem')
			.first();
		await expect(exported).toContainText(ADMIN.displayName);
		await expect(exported).toContainText('audit.exported');
		await checkA11y('the export in the trail');
	});
});

test('staff can read what is logged about their work, and for how long', async ({
	page,
	signInAs,
	checkA11y
}) => {
	await signInAs('staff', { locale: 'en' });
	await checkA11y('dashboard with the logging notice');
	await page.goto('/en/staff/logging');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		t('en', 'staff_logging_notice_title')
	);
	await expect(
		page.getByRole('region', { name: t('en', 'staff_logging_notice_how_long_heading') })
	).toContainText(/\d+ months/);
	await checkA11y('logging notice');
});
