import { describe, expect, it } from 'vitest';
import { formatShortDate, formatShortDateTime } from './datetime';

// 6 December 2026 08:23 in Helsinki (UTC+2 in winter).
const morning = new Date('2026-12-06T06:23:00Z');
const now = new Date('2026-12-20T12:00:00Z');

describe('formatShortDateTime', () => {
	it('leaves out the current year', () => {
		expect(formatShortDateTime(morning, 'fi', now)).toBe('6.12. klo 8.23');
		expect(formatShortDateTime(morning, 'en', now)).toBe('6 Dec, 08:23');
	});

	it('shows the year of another year', () => {
		const nextYear = new Date('2027-01-02T12:00:00Z');
		expect(formatShortDateTime(morning, 'fi', nextYear)).toBe('6.12.2026 klo 8.23');
		expect(formatShortDateTime(morning, 'en', nextYear)).toBe('6 Dec 2026, 08:23');
	});

	it('reads the time and the year in Finnish time, not UTC', () => {
		// 31 Dec 2026 22:30 UTC is already 1 Jan 2027 00.30 in Helsinki.
		const newYearNight = new Date('2026-12-31T22:30:00Z');
		const january = new Date('2027-01-15T12:00:00Z');
		expect(formatShortDateTime(newYearNight, 'fi', january)).toBe('1.1. klo 0.30');
	});
});

describe('formatShortDate', () => {
	it('is the day and month, with the year only from another year', () => {
		expect(formatShortDate(morning, 'fi', now)).toBe('6.12.');
		expect(formatShortDate(morning, 'en', now)).toBe('6 Dec');
		expect(formatShortDate(morning, 'fi', new Date('2025-06-01T00:00:00Z'))).toBe('6.12.2026');
		expect(formatShortDate(morning, 'en', new Date('2025-06-01T00:00:00Z'))).toBe('6 Dec 2026');
	});
});
