import { expect, type Locator, type Page, type Response } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import { localePath, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';
import { hydrated } from './hydration';

/** The sign-up fields in the order the form shows them. */
export const FIELDS = [
	'firstName',
	'lastName',
	'email',
	'phone',
	'street',
	'postalCode',
	'city'
] as const;
export type FieldName = (typeof FIELDS)[number];
export type SignupValues = Partial<Record<FieldName, string>>;

const LABEL_KEYS: Record<FieldName, string> = {
	firstName: 'field_first_name',
	lastName: 'field_last_name',
	email: 'field_email',
	phone: 'field_phone',
	street: 'field_street',
	postalCode: 'field_postal_code',
	city: 'field_city'
};

/** Message keys the schema uses, and the catalogue entries that show them. */
export type FieldErrorKey =
	'required' | 'tooLong' | 'emailInvalid' | 'phoneInvalid' | 'postalCodeInvalid';
const ERROR_KEYS: Record<FieldErrorKey, string> = {
	required: 'error_required',
	tooLong: 'error_too_long',
	emailInvalid: 'error_email_invalid',
	phoneInvalid: 'error_phone_invalid',
	postalCodeInvalid: 'error_postal_code_invalid'
};

/** `/events/{slug}`: the event and its sign-up form, found the way a visitor finds them, by label. */
export class EventPage {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck,
		private readonly javaScriptEnabled: boolean
	) {}

	path(slug: string): string {
		return localePath(this.locale, `/events/${slug}`);
	}

	async goto(slug: string): Promise<Response | null> {
		const response = await this.page.goto(this.path(slug));
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y('as loaded');
		return response;
	}

	text(key: string, params?: Record<string, string | number>): string {
		return t(this.locale, key, params);
	}

	get heading(): Locator {
		return this.page.getByRole('heading', { level: 1 });
	}

	get form(): Locator {
		return this.page.getByRole('form', { name: this.text('signup_title') });
	}

	/**
	 * A field by its label, which may end in the required mark or "(optional)". Anchored, so
	 * "Email" never matches a longer label that merely contains the word.
	 */
	field(name: FieldName): Locator {
		const label = literal(this.text(LABEL_KEYS[name])).source;
		const optional = literal(this.text('field_optional')).source;
		return this.page.getByLabel(new RegExp(`^${label}\\s*(?:\\*|${optional})?$`));
	}

	get submitButton(): Locator {
		return this.page.getByRole('button', { name: this.text('signup_submit'), exact: true });
	}

	async fill(values: SignupValues): Promise<void> {
		for (const name of FIELDS) {
			const value = values[name];
			if (value !== undefined) await this.field(name).fill(value);
		}
	}

	/** Clicks the button; with JavaScript off, resolves with the response to the form POST. */
	async submit(): Promise<Response | null> {
		if (this.javaScriptEnabled) {
			// Leaving a field validates it, and a new message there pushes the button down. Moving
			// focus first lets that happen before the click, which waits for the button to be still.
			await this.submitButton.focus();
			await this.submitButton.click();
			return null;
		}
		const [response] = await Promise.all([
			this.page.waitForResponse(
				(r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'
			),
			this.submitButton.click()
		]);
		return response;
	}

	/** The field shows `key`'s message in this language, and assistive technology is told so. */
	async expectFieldError(name: FieldName, key: FieldErrorKey): Promise<void> {
		const input = this.field(name);
		const message = this.text(ERROR_KEYS[key]);
		await expect(input).toHaveAttribute('aria-invalid', 'true');
		const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
		const described = [];
		for (const id of describedBy.split(/\s+/).filter(Boolean)) {
			const target = this.page.locator(`[id="${id}"]`);
			if ((await target.count()) === 1 && (await target.textContent())?.trim() === message) {
				described.push(target);
			}
		}
		expect(
			described,
			`aria-describedby of ${name} ("${describedBy}") names "${message}"`
		).toHaveLength(1);
		await expect(described[0]!).toBeVisible();
		await expect(input).toHaveAccessibleDescription(literal(message));
	}

	/** The field carries no error state: no aria-invalid, no message. */
	async expectFieldValid(name: FieldName): Promise<void> {
		const input = this.field(name);
		await expect(input).not.toHaveAttribute('aria-invalid', 'true');
		for (const key of Object.values(ERROR_KEYS)) {
			await expect(input).not.toHaveAccessibleDescription(literal(this.text(key)));
		}
	}

	/** The summary above the fields that announces there is something to fix. */
	get errorSummary(): Locator {
		return this.page.getByRole('alert').filter({ hasText: this.text('error_form_summary') });
	}
}
