import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

describe('safeNext', () => {
	it.each([
		[null, '/staff'],
		['/staff/events/1?q=a', '/staff/events/1?q=a'],
		['https://evil.example.com/staff', '/staff'],
		['//evil.example.com/staff', '/staff'],
		['/staff\\..\\evil', '/staff'],
		['/events/x', '/staff'],
		['/staff/login?next=/staff', '/staff'],
		['/staff/logout', '/staff']
	])('%s → %s', (next, expected) => {
		expect(safeNext(next)).toBe(expected);
	});
});
