import { expect, type Locator, type Page } from '@playwright/test';
import { signupSchema, type SignupData } from '../../../src/lib/schemas/registration';
import type { Locale } from '../support/data';
import { literal, t } from '../support/i18n';

export type FieldName = keyof SignupData;
export type SignupValues = Partial<Record<FieldName, string>>;
/** The sign-up fields in the order the form shows them, which is the order the schema lists them. */
export const FIELDS = Object.keys(signupSchema.shape) as FieldName[];

/** The details form on the manage page has every sign-up field but the email, which identifies the person. */
export type DetailsField = Exclude<FieldName, 'email'>;
export const DETAILS_FIELDS = FIELDS.filter((name): name is DetailsField => name !== 'email');

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

/**
 * A form field by the message `key` labels it with, which may end in the required mark or
 * "(optional)". Anchored, so "Email" never matches a longer label that merely contains the word,
 * nor "Paikka" "Paikkoja".
 */
export function labelledField(scope: Page | Locator, locale: Locale, key: string): Locator {
	const label = literal(t(locale, key)).source;
	const optional = literal(t(locale, 'field_optional')).source;
	return scope.getByLabel(new RegExp(`^${label}\\s*(?:\\*|${optional})?$`));
}

/** A person field by its label; see `labelledField`. */
export function personField(scope: Page | Locator, locale: Locale, name: FieldName): Locator {
	return labelledField(scope, locale, LABEL_KEYS[name]);
}

/** The field shows `key`'s message in this language, and assistive technology is told so. */
export async function expectFieldError(
	page: Page,
	locale: Locale,
	input: Locator,
	key: FieldErrorKey
): Promise<void> {
	const message = t(locale, ERROR_KEYS[key]);
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
	const described = [];
	for (const id of describedBy.split(/\s+/).filter(Boolean)) {
		const target = page.locator(`[id="${id}"]`);
		if ((await target.count()) === 1 && (await target.textContent())?.trim() === message) {
			described.push(target);
		}
	}
	expect(described, `aria-describedby ("${describedBy}") names "${message}"`).toHaveLength(1);
	await expect(described[0]!).toBeVisible();
	await expect(input).toHaveAccessibleDescription(literal(message));
}

/** The field carries no error state: no aria-invalid, no message. */
export async function expectFieldValid(locale: Locale, input: Locator): Promise<void> {
	await expect(input).not.toHaveAttribute('aria-invalid', 'true');
	for (const key of Object.values(ERROR_KEYS)) {
		await expect(input).not.toHaveAccessibleDescription(literal(t(locale, key)));
	}
}
