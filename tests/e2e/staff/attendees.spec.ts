import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { onPglite, withAndWithoutJavaScript, type A11yCheck } from '../fixtures';
import { hydrated } from '../pages/hydration';
import { personField } from '../pages/person-fields';
import { DOOR_EVENT, titleOf, uniqueEmail, uniqueWord } from '../support/data';
import { t } from '../support/i18n';
import { signUpForDoorEvent } from './door-sign-up';
import { downloadCsv } from '../support/downloads';
import { expect, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const TITLE = titleOf(DOOR_EVENT, 'fi');

/** After sign-in: the dashboard it lands on is a page like any other, so it is checked too. */
async function landOnDashboard(page: Page, checkA11y: A11yCheck, javaScriptEnabled: boolean) {
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('staff_dashboard_title'));
	await hydrated(page, javaScriptEnabled);
	await checkA11y('dashboard');
}

withAndWithoutJavaScript((javaScriptEnabled) => {
	test(`staff find a public sign-up, export it as CSV and print the door list${onPglite(javaScriptEnabled)}`, async ({
		page,
		javaScriptEnabled,
		signInAs,
		checkA11y,
		eventPage,
		registeredPage
	}) => {
		const person = {
			firstName: 'Ääni',
			lastName: `Listanen${uniqueWord()}`,
			email: uniqueEmail('attendees')
		};
		await signUpForDoorEvent(eventPage, registeredPage, { ...person, phone: '040 765 4321' });

		await signInAs('staff');
		await landOnDashboard(page, checkA11y, javaScriptEnabled);
		await page.getByRole('link', { name: TITLE, exact: true }).click();
		await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			fi('staff_attendees_title', { title: TITLE })
		);
		await expect(page.getByText(fi('staff_attendees_count_confirmed'))).toBeVisible();
		await hydrated(page, javaScriptEnabled);
		await checkA11y('attendee list');

		await page
			.getByLabel(fi('staff_attendees_search_label'), { exact: true })
			.fill(person.lastName);
		await page.getByRole('button', { name: fi('staff_attendees_search_submit') }).click();
		await page.waitForURL(/\?q=/);
		const row = page.getByRole('row', { name: new RegExp(person.lastName) });
		await expect(row).toHaveCount(1);
		await expect(row).toContainText(`${person.lastName}, ${person.firstName}`);
		await expect(row).toContainText(person.email);
		await expect(row).toContainText(fi('staff_attendees_status_confirmed'));
		await expect(
			page.getByRole('status').filter({ hasText: fi('list_count', { count: 1 }) })
		).toBeVisible();
		await checkA11y('searched');

		const lines = await downloadCsv(
			page,
			page.getByRole('button', { name: fi('staff_attendees_export_submit') }),
			`${fi('staff_attendees_csv_filename')}-${DOOR_EVENT}`
		);
		expect(lines[0]).toBe(
			[
				fi('staff_attendees_csv_status'),
				fi('staff_attendees_csv_waitlist'),
				fi('field_first_name'),
				fi('field_last_name'),
				fi('field_email'),
				fi('field_phone'),
				fi('field_street'),
				fi('field_postal_code'),
				fi('field_city'),
				fi('staff_attendees_csv_registered_at'),
				fi('staff_attendees_csv_checked_in_at')
			]
				.map((header) => `"${header}"`)
				.join(';')
		);
		const mine = lines.filter((line) => line.includes(person.lastName));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatch(
			new RegExp(
				`^"${fi('staff_attendees_status_confirmed')}";;"${person.firstName}";"${person.lastName}";` +
					`"${person.email.replace(/[.+]/g, '\\$&')}";"040 7654321";;;;\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d;$`
			)
		);

		// The same list as an Excel workbook, from the button beside the CSV one.
		const [workbook] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: fi('staff_attendees_export_xlsx') }).click()
		]);
		expect(workbook.suggestedFilename()).toMatch(
			new RegExp(
				`^${fi('staff_attendees_csv_filename')}-${DOOR_EVENT}-\\d{4}-\\d\\d-\\d\\d\\.xlsx$`
			)
		);
		// A zip file, as every .xlsx is.
		const zip = await readFile(await workbook.path());
		expect([...zip.subarray(0, 2)]).toEqual([0x50, 0x4b]);

		await page.getByRole('link', { name: fi('staff_attendees_print_link') }).click();
		await page.waitForURL(/\/print$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			fi('staff_attendees_print_title', { title: TITLE })
		);
		await expect(
			page.getByRole('row', { name: new RegExp(`${person.lastName}.*${person.firstName}`) })
		).toHaveCount(1);
		await checkA11y('print view');
	});

	test.describe('adding by hand', () => {
		// An empty form is refused with 400 and the errors, as every form in the app is.
		test.use({ expectedErrorStatuses: [400] });

		test('staff add a phone sign-up without email, correct it and cancel it', async ({
			page,
			javaScriptEnabled,
			signInAs,
			checkA11y
		}) => {
			test.setTimeout(2 * 60_000);
			const lastName = `Puhelinen${uniqueWord()}`;
			const settle = async (state: string) => {
				await hydrated(page, javaScriptEnabled);
				await checkA11y(state);
			};
			await signInAs('staff');
			await landOnDashboard(page, checkA11y, javaScriptEnabled);
			await page.getByRole('link', { name: TITLE, exact: true }).click();
			await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
			await settle('attendee list');

			await page.getByRole('link', { name: fi('staff_attendees_add_link') }).click();
			await page.waitForURL(/\/add$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				fi('staff_attendees_add_title', { title: TITLE })
			);
			await settle('add form');
			const submit = page.getByRole('button', { name: fi('staff_attendees_add_submit') });
			await submit.click();
			await expect(personField(page, 'fi', 'firstName')).toHaveAttribute('aria-invalid', 'true');
			await settle('add form with errors');

			await personField(page, 'fi', 'firstName').fill('Pirkko');
			await personField(page, 'fi', 'lastName').fill(lastName);
			await personField(page, 'fi', 'phone').fill('040 111 2233');
			await submit.click();
			await page.waitForURL(/\?done=added_confirmed$/);
			await expect(
				page.getByRole('status').filter({ hasText: fi('staff_attendees_done_added_confirmed') })
			).toBeVisible();
			await settle('added');

			await page.getByLabel(fi('staff_attendees_search_label'), { exact: true }).fill(lastName);
			await page.getByRole('button', { name: fi('staff_attendees_search_submit') }).click();
			await page.waitForURL(/\?q=/);
			const row = page.getByRole('row', { name: new RegExp(lastName) });
			await expect(row).toContainText(fi('staff_attendees_no_email'));
			await expect(row).toContainText('+358401112233');
			await settle('found');

			await row.getByRole('link', { name: `${lastName}, Pirkko`, exact: true }).click();
			await page.waitForURL(/\/registrants\/[0-9a-f-]{36}$/);
			await settle('edit form');
			await personField(page, 'fi', 'firstName').fill('Pirjo');
			await page.getByRole('button', { name: fi('staff_attendees_save') }).click();
			await page.waitForURL(/\?done=updated$/);
			await settle('updated');

			await page.getByLabel(fi('staff_attendees_search_label'), { exact: true }).fill(lastName);
			await page.getByRole('button', { name: fi('staff_attendees_search_submit') }).click();
			await page.waitForURL(/\?q=/);
			await settle('found again');
			await page.getByRole('link', { name: `${lastName}, Pirjo`, exact: true }).click();
			await page.waitForURL(/\/registrants\/[0-9a-f-]{36}$/);
			await settle('edit form again');
			await page.getByLabel(fi('staff_attendees_cancel_confirm')).check();
			await page.getByRole('button', { name: fi('staff_attendees_cancel_submit') }).click();
			await page.waitForURL(/\?done=cancelled$/);
			await expect(
				page.getByRole('status').filter({ hasText: fi('staff_attendees_done_cancelled') })
			).toBeVisible();
			await settle('cancelled');
		});
	});

	test.describe('a door account', () => {
		test.use({ expectedErrorStatuses: [403] });

		test(`checks a person in on today’s event and reaches nothing else${onPglite(javaScriptEnabled)}`, async ({
			page,
			javaScriptEnabled,
			context,
			signInAs,
			checkA11y,
			eventPage,
			registeredPage
		}) => {
			// Many pages, each checked with axe, and a wait of up to one poll interval.
			test.setTimeout(2 * 60_000);
			const person = {
				firstName: 'Oona',
				lastName: `Ovinen${uniqueWord()}`,
				email: uniqueEmail('door')
			};
			const name = `${person.firstName} ${person.lastName}`;
			await signUpForDoorEvent(eventPage, registeredPage, { ...person, phone: '040 765 4321' });

			await signInAs('door');
			await landOnDashboard(page, checkA11y, javaScriptEnabled);
			await page.getByRole('link', { name: fi('staff_open_checkin', { title: TITLE }) }).click();
			await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/checkin$/);
			const eventPath = new URL(page.url()).pathname.replace(/\/checkin$/, '');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				fi('staff_checkin_title', { title: TITLE })
			);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('door view');

			await page.getByLabel(fi('staff_checkin_search_label'), { exact: true }).fill('Ov');
			await page.getByRole('button', { name: fi('staff_checkin_search_submit') }).click();
			await expect(page.getByText(fi('staff_checkin_too_short'))).toBeVisible();
			await checkA11y('too short');

			const search = person.lastName;
			await page.getByLabel(fi('staff_checkin_search_label'), { exact: true }).fill(search);
			await page.getByRole('button', { name: fi('staff_checkin_search_submit') }).click();
			await page.waitForURL(new RegExp(`\\?q=${search}$`));
			const match = page.getByRole('listitem').filter({ hasText: name });
			await expect(match).toContainText(fi('staff_checkin_not_arrived'));
			// Names only at the door: the email and phone given at sign-up are nowhere on the page.
			await expect(page.locator('main')).not.toContainText(person.email);
			await expect(page.locator('main')).not.toContainText('765');
			await checkA11y('match');

			// A second phone at the same door, showing the same search.
			const other = await context.newPage();
			await other.goto(page.url());
			await hydrated(other, javaScriptEnabled);
			const seenThere = other.getByRole('listitem').filter({ hasText: name });
			await expect(seenThere).toContainText(fi('staff_checkin_not_arrived'));

			await page.getByRole('button', { name: `${fi('staff_checkin_check_in')}: ${name}` }).click();
			await expect(
				page.getByRole('status').filter({ hasText: fi('staff_checkin_done_in', { name }) })
			).toBeVisible();
			await expect(match).toContainText(fi('staff_checkin_arrived'));
			await checkA11y('checked in');
			// With JavaScript the other phone polls and shows the check-in by itself; without, its
			// refresh link does.
			if (!javaScriptEnabled) {
				await other.getByRole('link', { name: fi('staff_checkin_refresh') }).click();
			}
			await expect(seenThere).toContainText(fi('staff_checkin_arrived'), { timeout: 20_000 });
			await other.close();

			await match
				.getByLabel(`${fi('staff_checkin_reason_label')}: ${name}`)
				.selectOption({ label: fi('staff_checkin_reason_wrong_person') });
			await page.getByRole('button', { name: `${fi('staff_checkin_undo')}: ${name}` }).click();
			await expect(
				page.getByRole('status').filter({ hasText: fi('staff_checkin_done_undone', { name }) })
			).toBeVisible();
			await expect(match).toContainText(fi('staff_checkin_not_arrived'));
			await checkA11y('undone');

			const forbidden = [eventPath, `${eventPath}/print`, '/staff/users'];
			if (javaScriptEnabled) {
				for (const path of forbidden) {
					const response = await page.goto(path);
					expect(response?.status(), path).toBe(403);
					await expect(page.getByText(fi('staff_forbidden'))).toBeVisible();
					await checkA11y(`forbidden ${path}`);
				}
			}
			// The error page's markup is the same either way and checked above; here only the
			// answers matter, the downloads included (never a page).
			const downloads = [`${eventPath}/attendees.csv`, `${eventPath}/attendees.xlsx`];
			for (const path of [...forbidden, ...downloads]) {
				const response = await page.request.get(path);
				expect(response.status(), path).toBe(403);
				expect(await response.text(), path).not.toContain(person.lastName);
			}
		});
	});
});
