/**
 * Whole numbers that people type or that arrive in a URL or header: ASCII digits only, with spaces
 * around them allowed. Number(), parseInt() and the form library read far more ('1e5' as 100000 or
 * 1, '0x10' as 16 or 0, '1.0', '+5', '5 5' as 5, 'Infinity'), so a typo or a crafted value quietly
 * became some other number. Full-width digits ('１２') are refused too, as every other script's:
 * the message asks again, and what is stored is what was meant.
 */

// 15 digits are always a safe integer (2^53 has 16); anything longer is no count we keep.
const DIGITS = /^[0-9]{1,15}$/;

/** The number, or null when the text is not a plain whole number. */
export function parseWholeNumber(text: string | null | undefined): number | null {
	if (typeof text !== 'string') return null;
	const trimmed = text.trim();
	return DIGITS.test(trimmed) ? Number(trimmed) : null;
}

/** A list's page in its URL (`?page=`): a whole number from 1, else the first page. */
export function parsePageParam(params: URLSearchParams, name = 'page'): number {
	const page = parseWholeNumber(params.get(name));
	return page !== null && page >= 1 ? page : 1;
}
