import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

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
