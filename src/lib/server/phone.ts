import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A phone number in E.164, Finland assumed when no country code is given; null when not a valid number. */
export function normalisePhone(input: string): string | null {
	const parsed = parsePhoneNumberFromString(input, 'FI');
	return parsed?.isValid() ? parsed.number : null;
}

/**
 * A stored E.164 number as it is dialled from Finland: Finnish numbers in the national format
 * (040 1234567), others with the international prefix 00 (00 46 70 123 45 67), both as
 * libphonenumber's metadata groups them. Written so for spreadsheets: a leading + makes Excel read
 * a formula, and without the spaces a number would lose its leading zero. Null for a value that is
 * not a number.
 */
export function formatPhoneFromFinland(e164: string): string | null {
	const parsed = parsePhoneNumberFromString(e164, 'FI');
	return parsed?.isValid() ? (parsed.format('IDD', { fromCountry: 'FI' }) ?? null) : null;
}
