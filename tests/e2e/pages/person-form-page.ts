import type { Locator, Page } from '@playwright/test';
import { PageObject } from './page-object';
import {
	expectFieldError,
	expectFieldValid,
	personField,
	type FieldErrorKey,
	type FieldName
} from './person-fields';

/**
 * A page with a form of person fields (the sign-up form, the manage page's details): its fields by
 * label, filled in form order, and their error states. `formScope` is where the form's fields
 * and its error summary are; `names` the fields it has.
 */
export abstract class PersonFormPage<Name extends FieldName> extends PageObject {
	protected abstract readonly names: readonly Name[];
	protected abstract get formScope(): Page | Locator;

	/** A field by its label; see `personField`. */
	field(name: Name): Locator {
		return personField(this.formScope, this.locale, name);
	}

	async fill(values: Partial<Record<Name, string>>): Promise<void> {
		for (const name of this.names) {
			const value = values[name];
			if (value !== undefined) await this.field(name).fill(value);
		}
	}

	/** The field shows `key`'s message in this language, and assistive technology is told so. */
	async expectFieldError(name: Name, key: FieldErrorKey): Promise<void> {
		await expectFieldError(this.page, this.locale, this.field(name), key);
	}

	/** The field carries no error state: no aria-invalid, no message. */
	async expectFieldValid(name: Name): Promise<void> {
		await expectFieldValid(this.locale, this.field(name));
	}

	/** The summary above the fields that announces there is something to fix. */
	get errorSummary(): Locator {
		return this.formScope.getByRole('alert').filter({ hasText: this.text('error_form_summary') });
	}
}
