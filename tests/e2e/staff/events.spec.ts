import type { Locator, Page, Response } from '@playwright/test';
import type { StaffRole } from '../../../src/lib/server/db/schema';
import { onPglite, type A11yCheck } from '../fixtures';
import type { EventPage } from '../pages/event-page';
import { hydrated } from '../pages/hydration';
import type { RegisteredPage } from '../pages/registered-page';
import { localePath, uniqueEmail, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';
import { expect, test } from './staff-fixtures';

const DAY_MS = 86_400_000;

/** A `datetime-local` value some days ahead; the form reads it as Finnish time. */
function localTime(daysAhead: number, time: string): string {
	const day = new Date(Date.now() + daysAhead * DAY_MS).toISOString().slice(0, 10);
	return `${day}T${time}`;
}

/** A title no other test or retry uses, so the public list shows exactly one card for it. */
function uniqueTitle(base: string): string {
	return `${base} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const LABELS = {
	titleFi: 'staff_events_field_title_fi',
	titleEn: 'staff_events_field_title_en',
	descriptionFi: 'staff_events_field_description_fi',
	startsAt: 'staff_events_field_starts_at',
	endsAt: 'staff_events_field_ends_at',
	location: 'staff_events_field_location',
	capacity: 'staff_events_field_capacity',
	registrationOpensAt: 'staff_events_field_opens_at',
	registrationClosesAt: 'staff_events_field_closes_at',
	phonePolicy: 'staff_events_field_phone_policy',
	retentionDays: 'staff_events_field_retention'
} as const;
type Field = keyof typeof LABELS;

/** The staff event form, new or edit, found by labels as a staff member finds it. */
class EventForm {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck,
		private readonly javaScriptEnabled: boolean
	) {}

	text(key: string, params?: Record<string, string | number>) {
		return t(this.locale, key, params);
	}

	async goto(path: string, state = 'as loaded'): Promise<Response | null> {
		const response = await this.page.goto(localePath(this.locale, path));
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y(state);
		return response;
	}

	/** Anchored, so "Paikka" never matches "Paikkoja" nor "Alkaa" "Ilmoittautuminen alkaa". */
	field(name: Field): Locator {
		const label = literal(this.text(LABELS[name])).source;
		const optional = literal(this.text('field_optional')).source;
		return this.page.getByLabel(new RegExp(`^${label}\\s*(?:\\*|${optional})?$`));
	}

	async fill(values: Partial<Record<Field, string>>) {
		for (const [name, value] of Object.entries(values) as [Field, string][]) {
			if (name === 'phonePolicy') await this.field(name).selectOption(value);
			else await this.field(name).fill(value);
		}
	}

	/** Clicks a button; without JavaScript, resolves with the response to the form POST. */
	async press(name: string): Promise<Response | null> {
		const button = this.page.getByRole('button', { name, exact: true });
		if (this.javaScriptEnabled) {
			await button.focus();
			await button.click();
			return null;
		}
		const [response] = await Promise.all([
			this.page.waitForResponse(
				(r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'
			),
			button.click()
		]);
		return response;
	}

	/** The field is marked invalid and its error message is its accessible description. */
	async expectError(name: Field, message: string) {
		const input = this.field(name);
		await expect(input).toHaveAttribute('aria-invalid', 'true');
		await expect(input).toHaveAccessibleDescription(literal(message));
		const errorId = `${await input.getAttribute('id')}-error`;
		await expect(this.page.locator(`[id="${errorId}"]`)).toHaveText(message);
	}

	async expectValid(name: Field) {
		await expect(this.field(name)).not.toHaveAttribute('aria-invalid', 'true');
	}

	notice(key: string, params?: Record<string, string | number>): Locator {
		return this.page.getByRole('status').filter({ hasText: this.text(key, params) });
	}

	/** Creates an event through the form and lands on its edit page; returns that page's path. */
	async create(values: Partial<Record<Field, string>>): Promise<string> {
		await this.goto('/staff/events/new');
		await this.fill(values);
		await this.press(this.text('staff_events_create_submit'));
		await this.page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/edit\?done=created$/);
		await expect(this.notice('staff_events_created')).toBeVisible();
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y('created');
		return new URL(this.page.url()).pathname;
	}

	async publish() {
		await this.press(this.text('staff_events_publish_submit'));
		await expect(this.notice('staff_events_published')).toBeVisible();
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y('published');
	}

	/** The public address of the event, from the edit page's link. */
	async slug(): Promise<string> {
		const href = await this.page
			.getByRole('link', { name: this.text('staff_events_public_page') })
			.getAttribute('href');
		return href!.split('/').at(-1)!;
	}
}

/** Signs in and checks the dashboard the sign-in lands on: every page shown is checked. */
async function signIn(
	signInAs: (role: StaffRole, options?: { locale?: Locale }) => Promise<Page>,
	page: Page,
	checkA11y: A11yCheck,
	role: StaffRole,
	locale: Locale,
	javaScriptEnabled: boolean
) {
	await signInAs(role, { locale });
	await hydrated(page, javaScriptEnabled);
	await checkA11y('signed in');
}

function eventValues(titleFi: string, overrides: Partial<Record<Field, string>> = {}) {
	return {
		titleFi,
		titleEn: `${titleFi} (EN)`,
		descriptionFi: 'Tule tutustumaan uusiin malleihin.',
		startsAt: localTime(30, '10:00'),
		endsAt: localTime(30, '14:00'),
		location: 'Pollenkuja 6, 20380 Turku',
		capacity: '15',
		phonePolicy: 'required',
		...overrides
	};
}

for (const javaScriptEnabled of [true, false]) {
	const locale: Locale = javaScriptEnabled ? 'fi' : 'en';
	test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test(`an admin creates and publishes an event that then shows publicly (${locale})${onPglite(javaScriptEnabled)}`, async ({
			signInAs,
			page,
			checkA11y,
			eventsList
		}) => {
			// A long journey with axe on every page (twice without JavaScript): room for a busy machine.
			test.setTimeout(2 * 60_000);
			await signIn(signInAs, page, checkA11y, 'admin', locale, javaScriptEnabled);
			const form = new EventForm(page, locale, checkA11y, javaScriptEnabled);

			await form.goto('/staff/events', 'event list');
			await page.getByRole('link', { name: form.text('staff_events_new_link') }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				form.text('staff_events_new_title')
			);
			const title = uniqueTitle('Avoimet ovet');
			await form.create(eventValues(title));
			await expect(
				page.getByText(
					form.text('staff_events_status', { status: form.text('staff_status_draft') })
				)
			).toBeVisible();

			// A draft is not on the public list yet.
			const list = eventsList(locale);
			const editPath = new URL(page.url()).pathname;
			await list.goto();
			const cardTitle = locale === 'fi' ? title : `${title} (EN)`;
			await expect(list.card(cardTitle)).toHaveCount(0);

			await page.goto(editPath);
			await hydrated(page, javaScriptEnabled);
			await checkA11y('draft');
			await form.publish();
			const slug = await form.slug();
			expect(slug).toMatch(/^avoimet-ovet-[a-z0-9]+$/);

			await list.goto();
			await expect(list.card(cardTitle)).toHaveCount(1);
			await expect(list.card(cardTitle).getByRole('link', { name: cardTitle })).toHaveAttribute(
				'href',
				localePath(locale, `/events/${slug}`)
			);

			// The staff list shows it among the upcoming events, now published.
			await form.goto('/staff/events', 'event list with the new event');
			const row = page.getByRole('row').filter({ hasText: cardTitle });
			await expect(row).toContainText(form.text('staff_status_published'));
		});

		test.describe('refused input', () => {
			test.use({ expectedErrorStatuses: [400] });

			test(`validation errors are shown on the right fields (${locale})`, async ({
				signInAs,
				page,
				checkA11y
			}) => {
				await signIn(signInAs, page, checkA11y, 'admin', locale, javaScriptEnabled);
				const form = new EventForm(page, locale, checkA11y, javaScriptEnabled);
				await form.goto('/staff/events/new');
				await form.fill(
					eventValues('', {
						endsAt: localTime(30, '09:00'),
						registrationClosesAt: localTime(31, '10:00'),
						retentionDays: '5000'
					})
				);
				const response = await form.press(form.text('staff_events_create_submit'));
				if (!javaScriptEnabled) expect(response!.status()).toBe(400);

				await expect(
					page.getByRole('alert').filter({ hasText: form.text('error_form_summary') })
				).toBeVisible();
				await form.expectError('titleFi', form.text('error_required'));
				await form.expectError('endsAt', form.text('staff_events_error_ends_before_start'));
				await form.expectError(
					'registrationClosesAt',
					form.text('staff_events_error_closes_after_end')
				);
				await form.expectError('retentionDays', form.text('staff_events_error_retention_invalid'));
				for (const name of ['titleEn', 'startsAt', 'location', 'capacity'] as const) {
					await form.expectValid(name);
				}
				// What was typed stays, so only the mistakes need fixing.
				await expect(form.field('location')).toHaveValue('Pollenkuja 6, 20380 Turku');
				await expect(form.field('titleFi')).toBeFocused();
				await checkA11y('refused');
				expect(new URL(page.url()).pathname).toBe(localePath(locale, '/staff/events/new'));
			});
		});
	});
}

/** Signs a visitor up through the public form and returns their address. */
async function signUp(
	eventPage: (locale: Locale) => EventPage,
	registeredPage: (locale: Locale) => RegisteredPage,
	slug: string,
	title: string,
	status: 'confirmed' | 'waitlisted'
) {
	const email = uniqueEmail(`staff-${status}`);
	const signup = eventPage('fi');
	await signup.goto(slug);
	await signup.fill({ firstName: 'Kalle', lastName: 'Kuljettaja', email });
	await signup.submit();
	await registeredPage('fi').expectLanded(slug, title, [status]);
	return email;
}

test('fewer seats than confirmed people is refused; more seats promote the waiting list', async ({
	signInAs,
	page,
	checkA11y,
	eventPage,
	registeredPage
}) => {
	// A long journey with axe on every page (twice without JavaScript): room for a busy machine.
	test.setTimeout(2 * 60_000);
	await signIn(signInAs, page, checkA11y, 'admin', 'fi', true);
	const form = new EventForm(page, 'fi', checkA11y, true);
	const title = uniqueTitle('Pieni koulutus');
	const editPath = await form.create(eventValues(title, { capacity: '1', phonePolicy: 'hidden' }));
	await form.publish();
	const slug = await form.slug();
	await signUp(eventPage, registeredPage, slug, title, 'confirmed');
	const waiting = await signUp(eventPage, registeredPage, slug, title, 'waitlisted');

	await form.goto(editPath);
	await form.fill({ capacity: '0' });
	await form.press(form.text('staff_events_save_submit'));
	await form.expectError(
		'capacity',
		form.text('staff_events_error_capacity_below_confirmed', { confirmed: 1 })
	);
	await expect(form.field('capacity')).toBeFocused();
	await checkA11y('capacity refused');

	await form.fill({ capacity: '3' });
	await form.press(form.text('staff_events_save_submit'));
	await expect(form.notice('staff_events_saved_promoted', { count: 1 })).toBeVisible();
	await form.expectValid('capacity');
	await checkA11y('capacity raised');
	const [, promoted] = await waitForMail(waiting, 2);
	expect(promoted!.subject).toBe(t('fi', 'mail_promoted_subject', { title }));
});

test('cancelling asks first, then emails every registrant and the event page says so', async ({
	signInAs,
	page,
	checkA11y,
	eventPage,
	registeredPage
}) => {
	// A long journey with axe on every page (twice without JavaScript): room for a busy machine.
	test.setTimeout(2 * 60_000);
	await signIn(signInAs, page, checkA11y, 'admin', 'fi', true);
	const form = new EventForm(page, 'fi', checkA11y, true);
	const title = uniqueTitle('Peruttava päivä');
	const editPath = await form.create(eventValues(title, { phonePolicy: 'hidden' }));
	await form.publish();
	const slug = await form.slug();
	const registrant = await signUp(eventPage, registeredPage, slug, title, 'confirmed');

	await form.goto(editPath);
	await page.getByRole('link', { name: form.text('staff_events_cancel_start') }).click();
	const confirmation = page.getByRole('region', { name: form.text('staff_events_cancel_heading') });
	await expect(confirmation).toContainText(
		form.text('staff_events_cancel_confirm_text', { title, count: 1 })
	);
	await hydrated(page, true);
	await checkA11y('asked to confirm');
	await form.press(form.text('staff_events_cancel_confirm_submit'));
	await expect(form.notice('staff_events_cancelled', { count: 1 })).toBeVisible();
	await expect(
		page.getByRole('button', { name: form.text('staff_events_publish_submit') })
	).toHaveCount(0);
	await checkA11y('cancelled');

	const [, cancelled] = await waitForMail(registrant, 2);
	expect(cancelled!.subject).toBe(t('fi', 'mail_event_cancelled_subject', { title }));
	expect(cancelled!.attachments).toEqual([]);

	const visitor = eventPage('fi');
	await visitor.goto(slug);
	await expect(page.getByText(t('fi', 'event_cancelled'))).toBeVisible();
	await expect(visitor.form).toHaveCount(0);
});

test.describe('a door account', () => {
	test.use({ expectedErrorStatuses: [403] });

	test('cannot open the new-event page', async ({ signInAs, page, checkA11y }) => {
		await signIn(signInAs, page, checkA11y, 'door', 'fi', true);
		const response = await page.goto('/staff/events/new');
		expect(response?.status()).toBe(403);
		await expect(page.getByText(t('fi', 'staff_forbidden'))).toBeVisible();
		await checkA11y('forbidden');
	});
});
