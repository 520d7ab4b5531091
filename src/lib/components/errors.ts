import { m } from '$lib/paraglide/messages';
import type { FieldErrorKey } from '$lib/schemas/registration';

const texts: Record<FieldErrorKey, () => string> = {
	required: m.error_required,
	tooLong: m.error_too_long,
	nameHasLink: m.error_name_has_link,
	unreadable: m.error_unreadable,
	emailInvalid: m.error_email_invalid,
	phoneInvalid: m.error_phone_invalid,
	postalCodeInvalid: m.error_postal_code_invalid
};

/** Schemas carry message keys; the visitor reads them in their own language. */
export function fieldErrorText(key: string): string {
	return (texts[key as FieldErrorKey] ?? m.error_unexpected)();
}
