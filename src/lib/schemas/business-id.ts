const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/**
 * A Finnish business ID (y-tunnus) in its canonical form `1234567-8`, or null when it is not one.
 * Accepts the spaces and missing hyphen people type; older six-digit IDs gain their leading zero,
 * as the Business Information System writes them. The check digit is the weighted sum mod 11:
 * remainder 0 gives 0, remainder 1 is never issued, otherwise 11 minus the remainder.
 */
export function normaliseBusinessId(input: string): string | null {
	const compact = input.replace(/\s/g, '');
	const match = /^(\d{6,7})-?(\d)$/.exec(compact);
	if (!match) return null;
	const body = match[1]!.padStart(7, '0');
	const check = Number(match[2]);
	const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i]!, 0);
	const remainder = sum % 11;
	if (remainder === 1) return null;
	const expected = remainder === 0 ? 0 : 11 - remainder;
	return expected === check ? `${body}-${check}` : null;
}

export function isValidBusinessId(input: string): boolean {
	return normaliseBusinessId(input) !== null;
}
