import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A phone number in E.164, Finland assumed when no country code is given; null when not a valid number. */
export function normalisePhone(input: string): string | null {
	const parsed = parsePhoneNumberFromString(input, 'FI');
	return parsed?.isValid() ? parsed.number : null;
}
