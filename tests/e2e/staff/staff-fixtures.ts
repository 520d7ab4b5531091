import type { Page } from '@playwright/test';
import type { StaffRole } from '../../../src/lib/server/db/schema';
import { test as base, expect } from '../fixtures';
import { STAFF_USERS } from '../support/staff-users';

export { expect };
export { STAFF_USERS };

interface StaffFixtures {
	/** Signs the page in through the real sign-in form as the e2e account of a role. */
	signInAs: (role: StaffRole, options?: { locale?: 'fi' | 'en' }) => Promise<Page>;
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
	}
});
