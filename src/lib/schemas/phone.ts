import type { z } from 'zod';

/** What the server passes in: libphonenumber's verdict (src/lib/server/phone.ts). */
export type IsPhoneNumber = (value: string) => boolean;

// Loose on purpose: the browser gets only this pattern, as libphonenumber's metadata is too large to
// ship; the server's schemas add the full check.
const PHONE_PATTERN = /^(\+?[0-9][0-9 ()-]{4,24})?$/;

/**
 * An optional phone field on `base`. Without `isPhoneNumber` (the browser's schemas) a number is
 * only checked for its characters; with it (the form actions' schemas) a number that cannot exist
 * is reported in the same answer as every other field's error, not one submit later.
 */
export function phoneField(base: z.ZodString, isPhoneNumber?: IsPhoneNumber): z.ZodString {
	const loose = base.regex(PHONE_PATTERN, 'phoneInvalid');
	if (!isPhoneNumber) return loose;
	return loose.refine(
		// A value the pattern refused already has its error.
		(value) => value === '' || !PHONE_PATTERN.test(value) || isPhoneNumber(value),
		'phoneInvalid'
	);
}
