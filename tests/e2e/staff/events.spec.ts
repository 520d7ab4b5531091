import type { Locator, Response } from '@playwright/test';
import { onPglite, withAndWithoutJavaScript } from '../fixtures';
import type { EventPage } from '../pages/event-page';
import { StaffPage } from '../pages/staff-page';
import type { RegisteredPage } from '../pages/registered-page';
import { localePath, uniqueEmail, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import { waitForMail, type StoredMail } from '../support/mailbox';
import { parseCalendar } from '../../support/calendar';
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
	retentionDays: 'staff_events_field_retention',
	contactName: 'staff_events_field_contact_name',
	contactEmail: 'staff_events_field_contact_email',
	contactPhone: 'staff_events_field_contact_phone'
} as const;
type Field = keyof typeof LABELS;

/** The staff event form, new or edit, found by labels as a staff member finds it. */
class EventForm extends StaffPage {
	field(name: Field): Locator {
		return this.labelled(LABELS[name]);
	}

	async fill(values: Partial<Record<Field, string>>) {
		for (const [name, value] of Object.entries(values) as [Field, string][]) {
			if (name === 'phonePolicy') await this.field(name).selectOption(value);
			else await this.field(name).fill(value);
		}
	}

	/** Clicks a button by its name; see `pressButton`. */
	async press(name: string): Promise<Response | null> {
		const button = this.page.getByRole('button', { name, exact: true });
		return this.pressButton(button, { focus: true });
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

	/** Creates an event through the form and lands on its edit page; returns that page's path. */
	async create(values: Partial<Record<Field, string>>): Promise<string> {
		await this.goto('/staff/events/new');
		await this.fill(values);
		await this.press(this.text('staff_events_create_submit'));
		await this.page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/edit\?done=created$/);
		await expect(this.notice('staff_events_created')).toBeVisible();
		await this.settle('created');
		return new URL(this.page.url()).pathname;
	}

	async publish() {
		await this.press(this.text('staff_events_publish_submit'));
		await expect(this.notice('staff_events_published')).toBeVisible();
		await this.settle('published');
	}

	/** Creates and publishes an event; returns its edit page's path and its public slug. */
	async createPublished(
		values: Partial<Record<Field, string>>
	): Promise<{ editPath: string; slug: string }> {
		const editPath = await this.create(values);
		await this.publish();
		return { editPath, slug: await this.slug() };
	}

	/** The public address of the event, from the edit page's link. */
	async slug(): Promise<string> {
		const href = await this.page
			.getByRole('link', { name: this.text('staff_events_public_page') })
			.getAttribute('href');
		return href!.split('/').at(-1)!;
	}
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

withAndWithoutJavaScript((javaScriptEnabled, locale) => {
	test(`an admin creates and publishes an event that then shows publicly (${locale})${onPglite(javaScriptEnabled)}`, async ({
		signedInAs,
		page,
		eventsList
	}) => {
		// A long journey with axe on every page (twice without JavaScript): room for a busy machine.
		test.setTimeout(2 * 60_000);
		const form = await signedInAs(EventForm, 'admin', locale);

		await form.goto('/staff/events', 'event list');
		await page.getByRole('link', { name: form.text('staff_events_new_link') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			form.text('staff_events_new_title')
		);
		const title = uniqueTitle('Avoimet ovet');
		await form.create(eventValues(title));
		await expect(
			page.getByText(form.text('staff_events_status', { status: form.text('staff_status_draft') }))
		).toBeVisible();

		// A draft is not on the public list yet.
		const list = eventsList(locale);
		const editPath = new URL(page.url()).pathname;
		await list.goto();
		const cardTitle = locale === 'fi' ? title : `${title} (EN)`;
		await expect(list.card(cardTitle)).toHaveCount(0);

		await page.goto(editPath);
		await form.settle('draft');
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
			signedInAs,
			page,
			checkA11y
		}) => {
			const form = await signedInAs(EventForm, 'admin', locale);
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

test.describe('a published event with one seat', () => {
	// Long journeys with axe on every page: room for a busy machine.
	test.describe.configure({ timeout: 2 * 60_000 });

	let form: EventForm;
	let title: string;
	let editPath: string;
	let slug: string;

	// An admin, in Finnish with JavaScript on, publishes an event that does not ask for a phone.
	test.beforeEach(async ({ signedInAs }) => {
		form = await signedInAs(EventForm, 'admin');
		title = uniqueTitle('Pieni koulutus');
		({ editPath, slug } = await form.createPublished(
			eventValues(title, { capacity: '1', phonePolicy: 'hidden' })
		));
	});

	test('fewer seats than confirmed people is refused; more seats promote the waiting list', async ({
		checkA11y,
		eventPage,
		registeredPage
	}) => {
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
		page,
		checkA11y,
		eventPage,
		registeredPage
	}) => {
		const registrant = await signUp(eventPage, registeredPage, slug, title, 'confirmed');

		await form.goto(editPath);
		await page.getByRole('link', { name: form.text('staff_events_cancel_start') }).click();
		const confirmation = page.getByRole('region', {
			name: form.text('staff_events_cancel_heading')
		});
		await expect(confirmation).toContainText(
			form.text('staff_events_cancel_confirm_text', { title, count: 1 })
		);
		await form.settle('asked to confirm');
		await form.press(form.text('staff_events_cancel_confirm_submit'));
		await expect(form.notice('staff_events_cancelled', { count: 1 })).toBeVisible();
		await expect(
			page.getByRole('button', { name: form.text('staff_events_publish_submit') })
		).toHaveCount(0);
		await checkA11y('cancelled');

		const [confirmed, cancelled] = await waitForMail(registrant, 2);
		expect(cancelled!.subject).toBe(t('fi', 'mail_event_cancelled_subject', { title }));
		// The seat's calendar entry is withdrawn: the same UID with a higher SEQUENCE.
		const entry = (mail: StoredMail) =>
			parseCalendar(mail.attachments.find((a) => a.filename === 'event.ics')!.content);
		const withdrawal = entry(cancelled!);
		expect(withdrawal).toMatchObject({ method: 'CANCEL', uid: entry(confirmed!).uid });
		expect(withdrawal.sequence).toBeGreaterThan(entry(confirmed!).sequence);

		const visitor = eventPage('fi');
		await visitor.goto(slug);
		await expect(page.getByText(t('fi', 'event_cancelled'))).toBeVisible();
		await expect(visitor.form).toHaveCount(0);
	});
});

test.describe('a published event with a contact person', () => {
	test.describe.configure({ timeout: 2 * 60_000 });

	test('moving it tells the registrant, whose calendar entry moves; the page names the contact', async ({
		signedInAs,
		page,
		checkA11y,
		eventPage,
		registeredPage
	}) => {
		const form = await signedInAs(EventForm, 'admin');
		const title = uniqueTitle('Siirtyvä koulutus');
		const { editPath, slug } = await form.createPublished(
			eventValues(title, {
				phonePolicy: 'hidden',
				contactName: 'Kaisa Koulu',
				contactEmail: 'kaisa.koulu@wetteri.test',
				contactPhone: '040 123 4567'
			})
		);
		const registrant = await signUp(eventPage, registeredPage, slug, title, 'confirmed');

		await form.goto(editPath);
		// Stored in E.164, shown back as typed would be.
		await expect(form.field('contactPhone')).toHaveValue('+358401234567');
		await form.fill({ startsAt: localTime(31, '10:00'), endsAt: localTime(31, '14:00') });
		await page
			.getByRole('checkbox', { name: form.text('staff_events_notify_label', { count: 1 }) })
			.check();
		await form.press(form.text('staff_events_save_submit'));
		await expect(form.notice('staff_events_saved_notified', { count: 1 })).toBeVisible();
		await checkA11y('told of the move');

		const [confirmed, updated] = await waitForMail(registrant, 2);
		expect(updated!.subject).toBe(t('fi', 'mail_updated_subject', { title }));
		expect(updated!.replyTo).toEqual(['kaisa.koulu@wetteri.test']);
		expect(updated!.text).toContain('Kaisa Koulu, kaisa.koulu@wetteri.test, 040 123 4567');
		const entry = (mail: StoredMail) =>
			parseCalendar(mail.attachments.find((a) => a.filename === 'event.ics')!.content);
		const moved = entry(updated!);
		expect(moved).toMatchObject({ method: 'REQUEST', uid: entry(confirmed!).uid });
		expect(moved.sequence).toBeGreaterThan(entry(confirmed!).sequence);
		expect(moved.start.getTime() - entry(confirmed!).start.getTime()).toBe(DAY_MS);

		// The public page names the contact person with working links; Swedish and English say so too.
		await page.goto(localePath('fi', `/events/${slug}`));
		await expect(page.getByText(t('fi', 'event_contact'), { exact: true })).toBeVisible();
		await expect(page.getByRole('link', { name: 'kaisa.koulu@wetteri.test' })).toHaveAttribute(
			'href',
			'mailto:kaisa.koulu@wetteri.test'
		);
		await expect(page.getByRole('link', { name: '040 123 4567' })).toHaveAttribute(
			'href',
			'tel:+358401234567'
		);
		await checkA11y('contact person on the public page');
		for (const locale of ['sv', 'en'] as const) {
			const html = await (await page.request.get(localePath(locale, `/events/${slug}`))).text();
			expect(html).toContain(`<dt>${t(locale, 'event_contact')}</dt>`);
		}
	});
});

test.describe('a door account', () => {
	test.use({ expectedErrorStatuses: [403] });

	test('cannot open the new-event page', async ({ signedInAs, page, checkA11y }) => {
		await signedInAs(EventForm, 'door');
		const response = await page.goto('/staff/events/new');
		expect(response?.status()).toBe(403);
		await expect(page.getByText(t('fi', 'staff_forbidden'))).toBeVisible();
		await checkA11y('forbidden');
	});
});
