import { m } from '$lib/paraglide/messages';

const texts: Record<string, () => string> = {
	required: m.staff_error_required,
	email: m.staff_error_email,
	code: m.staff_error_code,
	tooShort: m.staff_account_error_too_short,
	tooLong: m.staff_account_error_too_long,
	tooCommon: m.staff_account_error_too_common,
	mismatch: m.staff_account_error_mismatch,
	wrongPassword: m.staff_account_error_wrong_password,
	invalidCode: m.staff_totp_error_code,
	emailTaken: m.staff_users_error_email_taken,
	range: m.staff_users_error_door_window,
	phoneInvalid: m.error_phone_invalid,
	postalCodeInvalid: m.error_postal_code_invalid,
	nameHasLink: m.error_name_has_link,
	businessIdInvalid: m.contacts_error_business_id,
	businessIdTaken: m.contacts_error_business_id_taken,
	permissionsNoteRequired: m.permissions_error_note_required,
	permissionsJustificationRequired: m.permissions_error_justification_required,
	permissionsChannelRequired: m.permissions_error_channel_required,
	permissionsProhibited: m.permissions_error_prohibited
};

/** Staff schemas and domain results carry keys; the staff member reads them in their language. */
export function staffErrorText(key: string): string {
	return (texts[key] ?? m.error_unexpected)();
}
