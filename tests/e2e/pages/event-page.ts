import { expect, type Locator, type Page, type Response } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import { localePath, type Locale } from '../support/data';
import { t } from '../support/i18n';
import { documentPost } from './form-post';
import {
	FIELDS,
	expectFieldError,
	expectFieldValid,
	personField,
	type FieldErrorKey,
	type FieldName,
	type SignupValues
} from './person-fields';

export { FIELDS, type FieldErrorKey, type FieldName, type SignupValues } from './person-fields';

/** `/events/{slug}`: the event and its sign-up form, found the way a visitor finds them, by label. */
export class EventPage {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck
	) {}

	path(slug: string): string {
		return localePath(this.locale, `/events/${slug}`);
	}

	async goto(slug: string): Promise<Response | null> {
		// The event page ships no JavaScript (csr = false): nothing to wait for once it has loaded.
		// The journeys run it only without JavaScript, which holds while it has no script to run.
		const response = await this.page.goto(this.path(slug));
		await expect(this.page.locator('script'), 'scripts on the event page').toHaveCount(0);
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

	/** A field by its label; see `personField`. */
	field(name: FieldName): Locator {
		return personField(this.page, this.locale, name);
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

	/**
	 * Clicks the button and resolves with the response to the form POST: the page has no script, so
	 * the browser posts the form itself whether or not JavaScript is on.
	 */
	async submit(): Promise<Response | null> {
		return documentPost(this.page, this.submitButton);
	}

	/** The field shows `key`'s message in this language, and assistive technology is told so. */
	async expectFieldError(name: FieldName, key: FieldErrorKey): Promise<void> {
		await expectFieldError(this.page, this.locale, this.field(name), key);
	}

	/** The field carries no error state: no aria-invalid, no message. */
	async expectFieldValid(name: FieldName): Promise<void> {
		await expectFieldValid(this.locale, this.field(name));
	}

	/** The summary above the fields that announces there is something to fix. */
	get errorSummary(): Locator {
		return this.page.getByRole('alert').filter({ hasText: this.text('error_form_summary') });
	}
}
