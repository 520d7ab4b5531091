import { hydrated } from '../pages/hydration';
import { DOOR_EVENT, titleOf, uniqueBusinessId, uniqueWord } from '../support/data';
import { t } from '../support/i18n';
import { onPglite, withAndWithoutJavaScript } from '../fixtures';
import { signUpForDoorEvent } from './door-sign-up';
import { StaffPage } from '../pages/staff-page';
import { expect, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const TITLE = titleOf(DOOR_EVENT, 'fi');

withAndWithoutJavaScript(
	(javaScriptEnabled) => {
		test(`staff turn a registrant into a contact at a new organisation, then link their later registration in two clicks${onPglite(javaScriptEnabled)}`, async ({
			page,
			signedInAs,
			checkA11y,
			eventPage,
			registeredPage
		}) => {
			test.slow();
			const tag = uniqueWord();
			const lastName = `Linkkinen${tag}`;
			const phone = `040 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
			const organisationName = `Kuljetus ${tag} Oy`;
			await signUpForDoorEvent(eventPage, registeredPage, {
				firstName: 'Leena',
				lastName,
				email: `leena.${tag}@kuljetus-${tag}.fi`,
				phone
			});

			await signedInAs(StaffPage, 'staff');
			await page.goto('/staff/events');
			await checkA11y('events');
			await page.getByRole('link', { name: TITLE, exact: true }).first().click();
			await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}$/);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('attendee list');
			await page.getByLabel(fi('staff_attendees_search_label'), { exact: true }).fill(lastName);
			await page.getByRole('button', { name: fi('staff_attendees_search_submit') }).click();
			await page.waitForURL(/\?q=/);
			await checkA11y('attendee list searched');
			await page
				.getByRole('link', {
					name: fi('staff_attendees_link_label', { name: `${lastName}, Leena` })
				})
				.click();
			await page.waitForURL(/\/staff\/contacts\/unlinked\/[0-9a-f-]{36}$/);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('linking page');

			// A wrong y-tunnus is refused and what was typed stays.
			const newOrg = page.getByRole('region', { name: fi('link_new_org_heading') });
			await newOrg.getByLabel(fi('link_org_name_label')).fill(organisationName);
			await newOrg.getByLabel(fi('link_business_id_label')).fill('1234567-8');
			await newOrg.getByLabel(fi('link_title_label')).fill('Kuljetuspäällikkö');
			await newOrg.getByLabel(fi('link_basis_customer_relationship')).check();
			await newOrg.getByRole('button', { name: fi('link_create_with_org') }).click();
			await expect(newOrg.getByText(fi('contacts_error_business_id'))).toBeVisible();
			await expect(newOrg.getByLabel(fi('link_org_name_label'))).toHaveValue(organisationName);
			await expect(newOrg.getByLabel(fi('link_business_id_label'))).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			await checkA11y('business id refused');

			await newOrg.getByLabel(fi('link_business_id_label')).fill(uniqueBusinessId());
			if (!javaScriptEnabled) {
				// Without JavaScript the page came back from the server: the radio choice is kept too.
				await expect(newOrg.getByLabel(fi('link_basis_customer_relationship'))).toBeChecked();
			}
			await newOrg.getByRole('button', { name: fi('link_create_with_org') }).click();
			await page.waitForURL(/\/staff\/contacts\/[0-9a-f-]{36}(\?.*)?$/);
			const contactUrl = new URL(page.url()).pathname;
			await expect(page.getByRole('heading', { level: 1 })).toContainText(lastName);
			await expect(page.getByText(organisationName).first()).toBeVisible();
			await checkA11y('new contact');

			// The same person signs up again from a private address: a different person key.
			await signUpForDoorEvent(eventPage, registeredPage, {
				firstName: 'Leena',
				lastName,
				email: `leena.${tag}@gmail.com`,
				phone
			});
			await page.goto('/staff');
			await checkA11y('dashboard again');

			// Click 1: the queue. Click 2: link to the suggestion, found by the same phone.
			const waiting = new RegExp(
				fi('staff_dashboard_unlinked', { count: 999 }).replace('999', '\\d+')
			);
			await page.getByRole('link', { name: waiting }).click();
			await page.waitForURL(/\/staff\/contacts\/unlinked$/);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('unlinked queue');
			// By the registrant's own cell: the other journey running beside this one may list this
			// contact among its suggestions (a similar name), which puts the name in its row too.
			const row = page
				.getByRole('row')
				.filter({ has: page.getByRole('rowheader', { name: new RegExp(lastName) }) });
			await expect(row).toHaveCount(1);
			await expect(row).toContainText(fi('link_reason_phone'));
			await expect(row).toContainText(organisationName);
			await row
				.getByRole('button', {
					name: fi('link_to_label', {
						registrant: `Leena ${lastName}`,
						contact: `Leena ${lastName}`
					})
				})
				.click();
			await expect(
				page.getByRole('status').filter({ hasText: fi('link_done_linked') })
			).toBeVisible();
			await expect(page.getByRole('rowheader', { name: new RegExp(lastName) })).toHaveCount(0);
			await checkA11y('linked');

			// The contact's page lists both registrations.
			await page.goto(contactUrl);
			await expect(page.getByRole('row', { name: new RegExp(TITLE) })).toHaveCount(2);
			await checkA11y('contact with both registrations');
		});
	},
	{ refusals: true }
);

test(`the queue shows its first page for a cursor it did not write, never an error${onPglite()}`, async ({
	page,
	signedInAs,
	checkA11y
}) => {
	// On the embedded database under a full CI load this ran just past the default minute once.
	test.setTimeout(120_000);
	await signedInAs(StaffPage, 'staff');
	const someId = '00000000-0000-4000-8000-000000000000';
	const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
	for (const search of [
		'after=%25%25%25',
		'before=bm90IGpzb24',
		`after=${cursor(['virtanen', someId])}`,
		`after=${cursor(['2026-01-01T00:00:00.000000Z', someId])}`,
		`after=${cursor(['99999999999999999', someId])}`,
		`after=${cursor(['08300000000000000', someId])}&before=${cursor(['08300000000000000', someId])}`
	]) {
		const response = await page.goto(`/staff/contacts/unlinked?${search}`);
		expect(response?.status(), search).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('link_queue_title'));
		// The first page: nothing before it.
		await expect(page.getByRole('link', { name: fi('list_previous') })).toHaveCount(0);
		await checkA11y(`queue after ${search}`);
	}
});
