import { z } from 'zod';
import { parseWholeNumber } from '../whole-number';

/**
 * A whole-number form field: the text that was sent is read with parseWholeNumber, and a number
 * (the form's own data, a bound number input) must be a safe integer. Its input is deliberately not
 * declared a number: superforms turns a number field's text into one with parseInt or parseFloat
 * before zod sees it ('1e5' became 1, '0x10' became 0), while an untyped field reaches zod as sent.
 * Empty is `requiredKey`; anything else that is not a whole number in [min, max] is `invalidKey`.
 */
export function wholeNumberField<Key extends string>(options: {
	min?: number;
	max: number;
	invalidKey: Key;
	requiredKey?: Key | 'required';
}) {
	const { min = 0, max, invalidKey, requiredKey = 'required' } = options;
	return z.unknown().transform((value, ctx): number => {
		const blank =
			value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
		const number =
			typeof value === 'number'
				? Number.isSafeInteger(value) && !Object.is(value, -0)
					? value
					: null
				: typeof value === 'string'
					? parseWholeNumber(value)
					: null;
		if (!blank && number !== null && number >= min && number <= max) return number;
		// Not fatal: the form's own checks across fields (an end before the start) still run, so every
		// mistake is shown at once.
		ctx.addIssue({ code: 'custom', message: blank ? requiredKey : invalidKey, continue: true });
		return z.NEVER;
	});
}
