import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { documentPost } from '../pages/form-post';
import { expectFieldError } from '../pages/person-fields';
import { groupEvent, OPEN_HOUSE, titleOf, uniqueEmail, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

// The event page ships no script: rows come and go by form posts the browser makes itself.
test.use({ javaScriptEnabled: false, expectedErrorStatuses: [400, 409] });

/** A row's field by its accessible name, "First name, person 2" (an optional one says so). */
function rowField(page: Page, locale: Locale, key: string, n: number): Locator {
	const name = literal(t(locale, 'group_field_label', { field: t(locale, key), n })).source;
	const optional = literal(t(locale, 'field_optional')).source;
	return page.getByLabel(new RegExp(`^${name}\\s*(?:\\*|${optional})?$`));
}

const button = (page: Page, locale: Locale, key: string, params = {}) =>
	page.getByRole('button', { name: t(locale, key, params), exact: true });

test('a group of three for two seats: all or none refuses, fill seats two and queues one', async ({
	eventPage,
	registeredPage,
	page,
	checkA11y
}, testInfo) => {
	const locale: Locale = 'fi';
	const slug = groupEvent(testInfo.retry);
	const event = eventPage(locale);
	await event.goto(slug);
	await expect(page.getByRole('button', { name: 'Lisää henkilö', exact: true })).toBeVisible();
	const booker = uniqueEmail('group-booker');
	const second = uniqueEmail('group-second');
	const third = uniqueEmail('group-third');
	await event.fill({ firstName: 'Kaisa', lastName: 'Kalustonhoitaja', email: booker });

	// Three rows added, the last removed: each answer is the form again, the typed values kept.
	for (const n of [2, 3, 4]) {
		const response = await documentPost(page, button(page, locale, 'group_add'));
		expect(response.status()).toBe(200);
		await expect(page.getByRole('group', { name: t(locale, 'group_person', { n }) })).toBeVisible();
	}
	await documentPost(page, button(page, locale, 'group_remove', { n: 4 }));
	await expect(page.getByRole('group', { name: t(locale, 'group_person', { n: 4 }) })).toHaveCount(
		0
	);
	await expect(event.field('email')).toHaveValue(booker);
	await checkA11y('with two rows');

	// One row left half done, and no choice made: every error sits on its own field.
	await rowField(page, locale, 'field_first_name', 2).fill('Pekka');
	await rowField(page, locale, 'field_last_name', 2).fill('Puoliperävaunu');
	await rowField(page, locale, 'field_email', 2).fill(second);
	await rowField(page, locale, 'field_first_name', 3).fill('Riikka');
	await rowField(page, locale, 'field_email', 3).fill('ei-osoite');
	const refused = await event.submit();
	expect(refused!.status()).toBe(400);
	await expect(event.errorSummary).toBeVisible();
	await expectFieldError(page, locale, rowField(page, locale, 'field_last_name', 3), 'required');
	await expectFieldError(page, locale, rowField(page, locale, 'field_email', 3), 'emailInvalid');
	await expect(rowField(page, locale, 'field_last_name', 3)).toBeFocused();
	const modeGroup = page.getByRole('group', { name: t(locale, 'group_mode_legend') });
	await expect(modeGroup).toHaveAccessibleDescription(t(locale, 'error_choose_one'));
	await expect(rowField(page, locale, 'field_first_name', 2)).toHaveValue('Pekka');
	await expect(rowField(page, locale, 'field_email', 2)).toHaveValue(second);
	await expect(rowField(page, locale, 'field_first_name', 3)).toHaveValue('Riikka');
	await checkA11y('with row errors');
	await page.setViewportSize({ width: 320, height: 800 });
	expect(await event.scrollsSideways(), 'sideways scroll at 320 px').toBe(false);
	await page.setViewportSize({ width: 1280, height: 800 });

	// The booker attends: three people for two seats. All or none registers nobody, and says so.
	await rowField(page, locale, 'field_last_name', 3).fill('Rekka');
	await rowField(page, locale, 'field_email', 3).fill(third);
	await page.getByLabel(t(locale, 'group_booker_attends_yes')).check();
	await expect(page.getByText(t(locale, 'group_mode_seats', { seats: 2 }))).toBeVisible();
	await page.getByLabel(t(locale, 'group_mode_all')).check();
	const noRoom = await event.submit();
	expect(noRoom!.status()).toBe(409);
	await expect(page.getByRole('alert')).toHaveText(
		t(locale, 'error_group_no_room', { seats: 2, people: 3 })
	);
	await expect(rowField(page, locale, 'field_last_name', 3)).toHaveValue('Rekka');
	await expect(page.getByLabel(t(locale, 'group_mode_all'))).toBeChecked();
	await checkA11y('refused as all or none');

	// Fill in order: the booker and Pekka get the seats, Riikka the waiting list.
	await page.getByLabel(t(locale, 'group_mode_fill')).check();
	const sent = await event.submit();
	expect(sent!.status()).toBe(303);
	await registeredPage(locale).expectLanded(slug, titleOf(slug, locale), [
		'confirmed',
		'waitlisted'
	]);
	const mails = await waitForMail(booker, 2);
	const group = mails.find((m) =>
		m.subject.startsWith(t(locale, 'mail_group_subject', { title: '' }))
	);
	expect(group, 'the booker’s group mail').toBeDefined();
	const confirmed = t(locale, 'mail_group_status_confirmed');
	const waiting = t(locale, 'mail_group_status_waitlisted');
	expect(group!.text).toContain(`1. Kaisa Kalustonhoitaja (${booker}): ${confirmed}`);
	expect(group!.text).toContain(`2. Pekka Puoliperävaunu (${second}): ${confirmed}`);
	expect(group!.text).toContain(`3. Riikka Rekka (${third}): ${waiting}`);
	expect(group!.text).toMatch(/\/manage\/group\/[a-z0-9]{20,}/);
	const [own] = await waitForMail(third);
	expect(own!.text).toContain(
		t(locale, 'mail_group_registered_by', { booker: 'Kaisa Kalustonhoitaja' })
	);

	// The booker's page from the group mail: the people as entered, each with their status.
	const link = /https?:\/\/\S+\/manage\/group\/[A-Za-z0-9_-]{20,}/.exec(group!.text)![0];
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'group_manage_title'));
	const attendee = (name: string) =>
		page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
	const kaisa = attendee(t(locale, 'group_manage_you', { name: 'Kaisa Kalustonhoitaja' }));
	const pekka = attendee('Pekka Puoliperävaunu');
	const riikka = attendee('Riikka Rekka');
	await expect(kaisa).toContainText(booker);
	await expect(kaisa).toContainText(t(locale, 'manage_status_confirmed'));
	await expect(pekka).toContainText(second);
	await expect(pekka).toContainText(t(locale, 'manage_status_confirmed'));
	await expect(riikka).toContainText(third);
	await expect(riikka).toContainText(t(locale, 'manage_contact_status_waitlisted'));
	await checkA11y('booker’s page');

	// Cancelling Riikka (a POST) leaves the others as they were.
	const cancelRiikka = button(page, locale, 'group_manage_cancel_one', { name: 'Riikka Rekka' });
	expect((await documentPost(page, cancelRiikka)).status()).toBe(303);
	await expect(page.getByRole('status')).toHaveText(t(locale, 'group_manage_cancelled_notice'));
	await expect(riikka).toContainText(t(locale, 'group_manage_status_cancelled'));
	await expect(riikka.getByRole('button')).toHaveCount(0);
	await expect(pekka).toContainText(t(locale, 'manage_status_confirmed'));
	await expect(kaisa).toContainText(t(locale, 'manage_status_confirmed'));
	await checkA11y('after cancelling one');
	await page.setViewportSize({ width: 320, height: 800 });
	expect(await event.scrollsSideways(), 'booker’s page sideways at 320 px').toBe(false);
	await page.setViewportSize({ width: 1280, height: 800 });

	// The same page in Swedish (its words; the journey above runs in Finnish).
	await page.goto(link.replace('/manage/', '/sv/manage/'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('sv', 'group_manage_title'));
	await expect(riikka).toContainText(t('sv', 'group_manage_status_cancelled'));
	await checkA11y('booker’s page in sv');
});

// The button's words are pinned by the issue; written out, so a missing translation cannot pass.
const ADD_LABELS = { sv: 'Lägg till en person', en: 'Add another person' } as const;

// One page load per language, in one test: each test costs a browser context of its own.
test('offers the group rows in sv and en', async ({ eventPage, page }) => {
	for (const locale of ['sv', 'en'] as const) {
		await eventPage(locale).goto(OPEN_HOUSE);
		await expect(page.getByRole('heading', { name: t(locale, 'group_heading') })).toBeVisible();
		await expect(page.getByRole('button', { name: ADD_LABELS[locale], exact: true })).toBeVisible();
	}
});
