import type { Page } from '@playwright/test';
import { BADGE_LAYOUTS } from '../../../src/lib/badge-layouts';
import { StaffPage } from '../pages/staff-page';
import { personField } from '../pages/person-fields';
import { DRIVER_COURSE, TRUCK_SHOW, titleOf, uniqueEmail } from '../support/data';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';
import { expect, STAFF_USERS, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const sv = (key: string, params?: Record<string, string | number>) => t('sv', key, params);

// A wrong password to leave the kiosk is answered 400, with its message.
test.use({ expectedErrorStatuses: [400] });

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

/** The staff page of a demo event, opened from the event list; its id. */
async function openEvent(staff: StaffPage, slug: string): Promise<string> {
	await staff.goto('/staff/events');
	await staff.page.getByRole('link', { name: titleOf(slug, 'fi'), exact: true }).click();
	await staff.page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
	await staff.settle('the event');
	return new URL(staff.page.url()).pathname.split('/').at(-1)!;
}

test('a kiosk signs visitors up in their language, hands back an empty form and keeps staff pages shut', async ({
	page,
	signedInAs,
	checkA11y
}) => {
	// About a dozen pages, each checked with axe, and a mail delivered: on a busy machine past 60 s.
	test.setTimeout(120_000);
	const staff = await signedInAs(StaffPage, 'staff');
	const id = await openEvent(staff, TRUCK_SHOW);
	await page.getByRole('link', { name: fi('staff_kiosk_link'), exact: true }).click();
	await page.waitForURL(new RegExp(`/staff/events/${id}/kiosk$`));
	// The kiosk's pages ship no JavaScript, like the public event page: nothing to hydrate.
	await checkA11y('kiosk start');
	await page.getByRole('button', { name: fi('staff_kiosk_start') }).click();
	await page.waitForURL(new RegExp(`/staff/events/${id}/kiosk$`));
	await checkA11y('kiosk form');
	// The kiosk frame: no staff menu, no sign-out.
	await expect(page.getByRole('button', { name: fi('staff_sign_out') })).toHaveCount(0);
	await expectNoSidewaysScroll(page, 'the kiosk');

	// A visitor chooses Swedish and signs up.
	await page.getByRole('link', { name: 'På svenska' }).click();
	await page.waitForURL(new RegExp(`/sv/staff/events/${id}/kiosk$`));
	await checkA11y('kiosk form in Swedish');
	const email = uniqueEmail('kiosk');
	// A shared tablet offers no autofill of the previous visitor's entries.
	await expect(personField(page, 'sv', 'email')).toHaveAttribute('autocomplete', 'off');
	await personField(page, 'sv', 'firstName').fill('Kioski');
	await personField(page, 'sv', 'lastName').fill('Kävijä');
	await personField(page, 'sv', 'email').fill(email);
	await page.getByRole('button', { name: sv('signup_submit') }).click();
	await page.waitForURL(new RegExp(`/sv/staff/events/${id}/kiosk/thanks$`));
	await staff.settle('kiosk thanks');
	await expect(page.getByRole('status')).toHaveText(sv('registered_sent'));
	// Nothing of the last visitor shows.
	await expect(page.locator('body')).not.toContainText('Kävijä');
	await expect(page.locator('body')).not.toContainText(email);

	// A tap gives the next visitor an empty form.
	await page.getByRole('link', { name: sv('kiosk_next') }).click();
	await page.waitForURL(new RegExp(`/sv/staff/events/${id}/kiosk$`));
	await expect(personField(page, 'sv', 'lastName')).toHaveValue('');
	await expect(personField(page, 'sv', 'email')).toHaveValue('');
	const [mail] = await waitForMail(email);
	expect(mail!.text).toContain('Kioski');

	// A staff address typed on the tablet leads back to the kiosk.
	for (const path of ['/staff/events', `/staff/events/${id}/attendees.csv`, '/staff/users']) {
		await page.goto(path);
		await expect(page, path).toHaveURL(new RegExp(`/staff/events/${id}/kiosk$`));
	}
	await checkA11y('kiosk after a staff address');

	// Leaving takes the password.
	await page.getByText(fi('kiosk_staff_summary')).click();
	await page.getByLabel(fi('kiosk_staff_password')).fill('väärin');
	await page.getByRole('button', { name: fi('kiosk_staff_leave') }).click();
	await expect(page.getByText(fi('kiosk_staff_wrong_password'))).toBeVisible();
	await checkA11y('kiosk wrong password');
	await page.getByLabel(fi('kiosk_staff_password')).fill(STAFF_USERS.staff.password);
	await page.getByRole('button', { name: fi('kiosk_staff_leave') }).click();
	await page.waitForURL(new RegExp(`/staff/events/${id}$`));
	await staff.settle('back among staff pages');
});

test('name badges print at the chosen label size with names only, in the chosen language', async ({
	page,
	signedInAs
}) => {
	const staff = await signedInAs(StaffPage, 'staff');
	await openEvent(staff, DRIVER_COURSE);
	await page.getByRole('link', { name: fi('staff_badges_link'), exact: true }).click();
	await staff.settle('badge form');
	await expectNoSidewaysScroll(page, 'the badge form');

	const layout = BADGE_LAYOUTS.find((l) => l.id === 'a4-99x38')!;
	await page.getByLabel(fi('staff_badges_layout')).selectOption({
		label: fi('staff_badges_layout_sheet', { size: '99,1 × 38,1', columns: 2, rows: 7 })
	});
	await page.getByLabel(fi('staff_badges_language')).selectOption('sv');
	await page.getByRole('button', { name: fi('staff_badges_show') }).click();
	await page.waitForURL(/\/badges\?layout=a4-99x38&lang=sv&who=confirmed$/);
	await staff.settle('badges shown');
	const badges = page.getByTestId('badge');
	const count = await badges.count();
	expect(count).toBeGreaterThan(0);
	await expect(page.getByRole('status')).toHaveText(fi('staff_badges_count', { count }));
	await expect(badges.first()).toContainText(titleOf(DRIVER_COURSE, 'sv'));
	// A name and the event; never an email, a phone number or an address.
	const text = await page.locator('.badges').innerText();
	expect(text).not.toMatch(/@|\+358/);
	await expectNoSidewaysScroll(page, 'the badge preview');

	// Printed: each badge the label's size, in millimetres at 96 px to the inch.
	await page.emulateMedia({ media: 'print' });
	const px = (mm: number) => (mm * 96) / 25.4;
	const box = (await badges.first().boundingBox())!;
	expect(Math.abs(box.width - px(layout.width))).toBeLessThanOrEqual(1);
	expect(Math.abs(box.height - px(layout.height))).toBeLessThanOrEqual(1);
	const second = (await badges.nth(1).boundingBox())!;
	// Two columns 2.5 mm apart, 4.65 mm in from the sheet's edge.
	expect(Math.abs(second.x - box.x - px(layout.width + 2.5))).toBeLessThanOrEqual(1);
	await expect(
		page.getByRole('navigation', { name: fi('staff_attendees_tools_label') })
	).toHaveCount(0);
	await expect(page.getByRole('button', { name: fi('staff_badges_show') })).toBeHidden();
	await page.emulateMedia({ media: 'screen' });
});
