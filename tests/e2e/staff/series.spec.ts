import { StaffPage } from '../pages/staff-page';
import { t } from '../support/i18n';
import { expect, test } from './staff-fixtures';

const DAY_MS = 86_400_000;

/** A day some days ahead as "YYYY-MM-DD"; with a time, a `datetime-local` value (Finnish time). */
const day = (daysAhead: number) =>
	new Date(Date.now() + daysAhead * DAY_MS).toISOString().slice(0, 10);

/** The copy page and the event form, found by labels and button names as staff find them. */
class CopyPage extends StaffPage {
	async press(key: string, params?: Record<string, string | number>) {
		const button = this.page.getByRole('button', { name: this.text(key, params), exact: true });
		await this.pressButton(button, { focus: true });
	}
}

// Copy and repeat end to end in Finnish; the rules (every setting copied, refused dates, moves
// under concurrency) are in src/lib/server/events/copy.test.ts and attendees/move.test.ts.
test('staff copy an event and repeat it; the public list shows the series as one entry', async ({
	signedInAs,
	page,
	checkA11y
}) => {
	test.setTimeout(60_000);
	const staff = await signedInAs(CopyPage, 'staff');
	const title = `Kuljettajakoulutus ${Date.now().toString(36)}`;

	await staff.goto('/staff/events/new');
	await staff.labelled('staff_events_field_title_fi').fill(title);
	await staff.labelled('staff_events_field_starts_at').fill(`${day(10)}T09:00`);
	await staff.labelled('staff_events_field_ends_at').fill(`${day(10)}T12:00`);
	await staff.labelled('staff_events_field_location').fill('Pollenkuja 6, Turku');
	await staff.press('staff_events_create_submit');
	await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/edit\?done=created$/);
	await staff.settle('created');
	const id = new URL(page.url()).pathname.split('/')[3]!;
	await staff.press('staff_events_publish_submit');
	await expect(staff.notice('staff_events_published')).toBeVisible();
	await staff.settle('published');

	// A copy at new times lands on its own edit page as a new draft.
	await staff.goto(`/staff/events/${id}/copy`, 'copy page');
	await staff.labelled('staff_events_field_starts_at').fill(`${day(40)}T10:00`);
	await staff.labelled('staff_events_field_ends_at').fill(`${day(40)}T13:00`);
	await staff.press('staff_copy_submit');
	await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/edit\?done=created$/);
	expect(page.url()).not.toContain(id);
	await expect(staff.notice('staff_events_created')).toBeVisible();
	await staff.settle('copy created');

	// Two more weekly dates, listed before they are made, published with the template.
	await staff.goto(`/staff/events/${id}/copy`, 'copy page');
	await staff.labelled('staff_series_field_from').fill(day(17));
	await staff.labelled('staff_series_field_count').fill('2');
	await page.getByLabel(staff.text('staff_series_field_publish')).check();
	await staff.press('staff_series_preview_submit');
	const preview = page.getByRole('status').filter({
		hasText: staff.text('staff_series_preview_heading')
	});
	await expect(preview.getByRole('listitem')).toHaveCount(2);
	await staff.settle('series preview');
	await staff.press('staff_series_create_submit', { count: 2 });
	await page.waitForURL(/\/copy\?done=series$/);
	await expect(staff.notice('staff_series_created')).toBeVisible();
	await staff.settle('series created');
	const dates = page.getByRole('region', { name: staff.text('staff_series_list_heading') });
	await expect(dates.getByRole('listitem')).toHaveCount(3);

	// The public list: one entry, three dates, each a link to its own page.
	for (const [locale, prefix] of [
		['fi', ''],
		['sv', '/sv']
	] as const) {
		await page.goto(`${prefix}/`);
		await checkA11y(`front page (${locale})`);
		const entry = page.getByRole('listitem').filter({
			has: page.getByRole('heading', {
				name: `${title} — ${t(locale, 'events_series_days', { count: 3 })}`
			})
		});
		await expect(entry).toHaveCount(1);
		await expect(entry.getByRole('link')).toHaveCount(3);
	}
});
