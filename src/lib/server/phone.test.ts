import { describe, expect, it } from 'vitest';
import { formatPhoneForPeople, normalisePhone } from './phone';

describe('normalisePhone', () => {
	it.each([
		['040 123 4567', '+358401234567'],
		['+358 40 123 4567', '+358401234567'],
		['(02) 274 5000', '+35822745000'],
		['+46 70 123 45 67', '+46701234567']
	])('%s → %s', (input, expected) => {
		expect(normalisePhone(input)).toBe(expected);
	});

	it.each(['12', '+358 1', '040 123'])('refuses %s', (input) => {
		expect(normalisePhone(input)).toBeNull();
	});
});

describe('formatPhoneForPeople', () => {
	it.each([
		// As typed on the form, back from E.164: the person sees the number they wrote.
		['+358401234567', '040 123 4567'],
		['+358507654321', '050 765 4321'],
		['+35822745000', '02 274 5000'],
		['+3584571234567', '045 7123 4567'],
		// Others as dialled from abroad, grouped by their own country's rules.
		['+46701234567', '+46 70 123 45 67'],
		['+4915123456789', '+49 1512 3456789']
	])('%s → %s', (stored, expected) => {
		expect(formatPhoneForPeople(stored)).toBe(expected);
	});

	it('shows a value that is not a valid number as stored', () => {
		expect(formatPhoneForPeople('12345')).toBe('12345');
	});

	it('round-trips: the shown number normalises back to the stored one', () => {
		for (const stored of ['+358401234567', '+35822745000', '+46701234567']) {
			expect(normalisePhone(formatPhoneForPeople(stored))).toBe(stored);
		}
	});
});
