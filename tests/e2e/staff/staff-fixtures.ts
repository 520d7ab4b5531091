import type { Page } from '@playwright/test';
import type { StaffRole } from '../../../src/lib/server/db/schema';
import { test as base, expect, type A11yCheck } from '../fixtures';
import type { StaffPage } from '../pages/staff-page';
import type { Locale } from '../support/data';
import { STAFF_USERS } from '../support/staff-users';

export { expect };
export { STAFF_USERS };

interface StaffFixtures {
	/** Signs the page in through the real sign-in form as the e2e account of a role. */
	signInAs: (role: StaffRole, options?: { locale?: Locale }) => Promise<Page>;
	/**
	 * Signs in as `role` in `locale` and returns a page object of `Kind` for the test's page, in
	 * that language and with the test's JavaScript setting; the page signing in lands on is checked.
	 */
	signedInAs: <T extends StaffPage>(
		Kind: new (page: Page, locale: Locale, checkA11y: A11yCheck, javaScriptEnabled: boolean) => T,
		role: StaffRole,
		locale?: Locale
	) => Promise<T>;
}

export const test = base.extend<StaffFixtures>({
	allowCookies: true,
	signInAs: async ({ page, checkA11y }, use) => {
		await use(async (role, options = {}) => {
			const prefix = options.locale === 'en' ? '/en' : '';
			const user = STAFF_USERS[role];
			await page.goto(`${prefix}/staff/login`);
			await checkA11y('sign-in form');
			const en = options.locale === 'en';
			await page.getByLabel(en ? 'Email' : 'Sähköposti', { exact: true }).fill(user.email);
			await page.getByLabel(en ? 'Password' : 'Salasana', { exact: true }).fill(user.password);
			await page.getByRole('button', { name: en ? 'Sign in' : 'Kirjaudu sisään' }).click();
			await page.waitForURL((url) => !url.pathname.includes('/staff/login'));
			return page;
		});
	},
	signedInAs: async ({ page, checkA11y, javaScriptEnabled, signInAs }, use) => {
		await use(async (Kind, role, locale = 'fi') => {
			await signInAs(role, { locale });
			const object = new Kind(page, locale, checkA11y, javaScriptEnabled);
			await object.settle('signed in');
			return object;
		});
	}
});
