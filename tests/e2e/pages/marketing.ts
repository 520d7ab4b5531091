import type { Browser, Locator, Page, Response } from '@playwright/test';
import { clientAddressFor, expect, type A11yCheck } from '../fixtures';
import type { ManagePage } from './manage-page';
import { hydrated } from './hydration';
import type { Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import type { StoredMail } from '../support/mailbox';
import { STAFF_USERS } from '../support/staff-users';

/**
 * The marketing side of the public pages, found by role and label: the sign-up form's news box, the
 * manage page's marketing section, `/consent/{token}` and `/unsubscribe/{token}`.
 */

/** The double opt-in link: only the separate consent email carries one. */
export function consentLink(mail: StoredMail): URL | null {
	const match = /https?:\/\/\S+\/consent\/[A-Za-z0-9_-]{20,}/.exec(mail.text);
	return match ? new URL(match[0]) : null;
}

/** A message whose {date} the server formats: the rest must match exactly. */
export function withAnyDate(locale: Locale, key: string): RegExp {
	const marker = '\u0000';
	return new RegExp(
		`^${literal(t(locale, key, { date: marker }))
			.source.split(marker)
			.join('.+')}$`
	);
}

export function newsBox(page: Page, locale: Locale): Locator {
	// The label holds the choice and, as its hint, the wording itself.
	const label = literal(t(locale, 'field_news_by_email')).source;
	return page.getByRole('checkbox', { name: new RegExp(`^${label}`) });
}

/** The marketing section of the manage page, and what it says about one channel. */
export function marketing(manage: ManagePage): Locator {
	return manage.page.getByRole('region', { name: manage.text('manage_marketing_heading') });
}

export function channelState(
	manage: ManagePage,
	channel: 'email' | 'sms' | 'phone' | 'post'
): Locator {
	const name = literal(manage.text(`manage_marketing_channel_${channel}`)).source;
	return marketing(manage)
		.getByRole('term')
		.filter({ hasText: new RegExp(`^${name}$`) })
		.locator('xpath=following-sibling::dd[1]');
}

/** `/consent/{token}`: opens it, checks the language and heading, and audits it. */
export async function openConsent(
	page: Page,
	link: URL,
	locale: Locale,
	headingKey: string,
	check: { checkA11y: A11yCheck; javaScriptEnabled: boolean; state: string }
): Promise<Response | null> {
	const response = await page.goto(link.pathname + link.search);
	await hydrated(page, check.javaScriptEnabled);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, headingKey));
	await check.checkA11y(check.state);
	return response;
}

/**
 * A fresh personal unsubscribe link for `email`, as the staff's email marketing export hands it
 * out. The staff member signs in in a browser context of their own, so the visitor's stays free of
 * cookies and its pages are the only ones the guard audits.
 */
export async function unsubscribeLinkFor(
	browser: Browser,
	baseURL: string,
	email: string,
	testInfo: { testId: string; retry: number }
): Promise<URL> {
	const key = `staff-export:${testInfo.testId}:${testInfo.retry}`;
	const context = await browser.newContext({
		baseURL,
		extraHTTPHeaders: { 'x-forwarded-for': clientAddressFor(key) }
	});
	try {
		const staff = await context.newPage();
		const user = STAFF_USERS.staff;
		await staff.goto('/staff/login');
		await staff.getByLabel('Sähköposti', { exact: true }).fill(user.email);
		await staff.getByLabel('Salasana', { exact: true }).fill(user.password);
		await staff.getByRole('button', { name: 'Kirjaudu sisään' }).click();
		await staff.waitForURL((url) => !url.pathname.includes('/staff/login'));
		const csv = await context.request.get('/staff/permissions/email-marketing.csv');
		expect(csv.status()).toBe(200);
		const row = (await csv.text())
			.split('\r\n')
			.find((line) => line.toLowerCase().includes(email.toLowerCase()));
		expect(row, `${email} in the email marketing export`).toBeDefined();
		const match = /https?:\/\/[^\s";,]+\/unsubscribe\/[a-z0-9]+/.exec(row!);
		expect(match, 'an unsubscribe link on the row').not.toBeNull();
		return new URL(match![0]);
	} finally {
		await context.close();
	}
}

/** `/unsubscribe/{token}` as shown now: its heading, language, and axe. */
export async function expectUnsubscribePage(
	page: Page,
	locale: Locale,
	check: { checkA11y: A11yCheck; javaScriptEnabled: boolean },
	state: string
): Promise<void> {
	await hydrated(page, check.javaScriptEnabled);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'unsubscribe_title'));
	await check.checkA11y(state);
}

/** What the unsubscribe page says about one channel. */
export function unsubscribeState(page: Page, locale: Locale, channel: 'email' | 'phone'): Locator {
	const name = literal(t(locale, `manage_marketing_channel_${channel}`)).source;
	return page
		.getByRole('region', { name: t(locale, 'unsubscribe_state_heading') })
		.getByRole('term')
		.filter({ hasText: new RegExp(`^${name}$`) })
		.locator('xpath=following-sibling::dd[1]');
}
