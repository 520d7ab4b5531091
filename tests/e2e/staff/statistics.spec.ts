import type { Page } from '@playwright/test';
import { StaffPage } from '../pages/staff-page';
import { DRIVER_COURSE, titleOf } from '../support/data';
import { t } from '../support/i18n';
import { expect, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);

/** The month an instant falls in, in Finnish time, as a month input holds it. */
function monthOf(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(date).slice(0, 7);
}

/** At a 320 px phone's width nothing makes the page scroll sideways (WCAG 1.4.10). */
async function expectNoSidewaysScroll(page: Page, what: string) {
	const size = page.viewportSize()!;
	await page.setViewportSize({ width: 320, height: 800 });
	const wide = await page.evaluate(
		() => document.documentElement.scrollWidth > document.documentElement.clientWidth
	);
	expect(wide, `${what} scrolls sideways at 320 px`).toBe(false);
	await page.setViewportSize(size);
}

/**
 * The statistics pages in a browser: a chart drawn as SVG on the server with its numbers in a table,
 * axe clean with the table open, and a phone's width. The figures themselves are counted in
 * src/lib/server/statistics/statistics.test.ts; the charts' markup in charts.test.ts.
 */
test('staff read an event’s and each month’s statistics as charts with their numbers', async ({
	page,
	signedInAs,
	checkA11y
}) => {
	const staff = await signedInAs(StaffPage, 'staff');

	// The demo course has its sign-ups from the seed: the line and its table agree with the figures.
	await staff.goto('/staff/events');
	await page.getByRole('link', { name: titleOf(DRIVER_COURSE, 'fi'), exact: true }).click();
	await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
	await staff.settle('the course');
	// The event's own link, not the menu's "Tilastot" across events.
	await page
		.getByRole('navigation', { name: fi('staff_attendees_tools_label') })
		.getByRole('link', { name: fi('staff_event_statistics_link'), exact: true })
		.click();
	await page.waitForURL(/\/statistics$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		fi('statistics_event_title', { title: titleOf(DRIVER_COURSE, 'fi') })
	);
	const total = page.locator('dt', { hasText: fi('statistics_signups') }).locator('+ dd');
	await expect(total).toHaveText(/^\d+$/);
	await expect(
		page.locator('dt', { hasText: fi('statistics_show_up') }).locator('+ dd')
	).toHaveText(fi('statistics_not_yet'));
	await expect(page.getByRole('img', { name: fi('statistics_signups_chart') })).toBeVisible();
	await page.getByText(fi('chart_numbers')).click();
	const days = page.getByRole('table', { name: fi('statistics_signups_chart') });
	await expect(days.getByRole('columnheader', { name: fi('statistics_col_total') })).toBeVisible();
	await expect(days.getByRole('row').last().getByRole('cell').last()).toHaveText(
		(await total.textContent())!
	);
	await staff.settle('event statistics, numbers open');
	await expectNoSidewaysScroll(page, 'the event statistics');

	// Across events, from the menu: a period that ends before it starts is refused beside the field
	// with what was chosen kept; a right one shows the demo events' months.
	await page
		.getByRole('navigation', { name: fi('staff_nav_label') })
		.getByRole('link', { name: fi('staff_nav_statistics'), exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('statistics_title'));
	await staff.settle('the last twelve months');
	const now = new Date();
	const from = monthOf(now);
	// 45 days on is always a later month, and the demo events start within it.
	const to = monthOf(new Date(now.getTime() + 45 * 86_400_000));
	const fromField = page.getByLabel(fi('statistics_filter_from'));
	const toField = page.getByLabel(fi('statistics_filter_to'));
	await fromField.fill(to);
	await toField.fill(from);
	await page.getByRole('button', { name: fi('statistics_filter_submit') }).click();
	await expect(page.getByText(fi('statistics_error_order'))).toBeVisible();
	await expect(toField).toHaveAttribute('aria-invalid', 'true');
	await expect(fromField).toHaveValue(to);
	await checkA11y('period refused');

	await fromField.fill(from);
	await toField.fill(to);
	await page.getByRole('button', { name: fi('statistics_filter_submit') }).click();
	await page.waitForURL(new RegExp(`from=${from}&to=${to}`));
	await expect(page.getByRole('img', { name: fi('statistics_months_chart') })).toBeVisible();
	const months = page.getByRole('table', { name: fi('statistics_months_table') });
	// A header row and one row per month of the period.
	const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5));
	await expect(months.getByRole('row')).toHaveCount(1 + index(to) - index(from) + 1);
	await expect(months.getByRole('rowheader').first()).not.toBeEmpty();
	await page.getByText(fi('chart_numbers')).click();
	await staff.settle('statistics per month, numbers open');
	await expectNoSidewaysScroll(page, 'the statistics per month');

	// The same page in English.
	await page.goto('/en/staff/statistics');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'statistics_title'));
	await expect(page.getByRole('img', { name: t('en', 'statistics_months_chart') })).toBeVisible();
	await checkA11y('statistics in English');
});
