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

/**
 * A stored number as a person reads it: Finnish numbers in the national format, the subscriber
 * part split before its last four digits as Finns write it (040 123 4567, 02 274 5000), others in
 * the international format (+46 70 123 45 67). libphonenumber alone writes 040 1234567, which
 * reads as a different number to someone who typed 040 123 4567. A value that is not a valid
 * number (a row older than the checks) is shown as stored.
 */
export function formatPhoneForPeople(stored: string): string {
	const parsed = parsePhoneNumberFromString(stored, 'FI');
	if (!parsed?.isValid()) return stored;
	if (parsed.country !== 'FI') return parsed.formatInternational();
	const national = parsed.formatNational();
	const match = /^(\d+) (\d{6,})$/.exec(national);
	if (!match) return national;
	const [, area, subscriber] = match as unknown as [string, string, string];
	return `${area} ${subscriber.slice(0, -4)} ${subscriber.slice(-4)}`;
}
