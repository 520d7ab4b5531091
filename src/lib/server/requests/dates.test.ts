import { describe, expect, it } from 'vitest';
import { addMonths, dueFor, isOverdue, latestExtension } from './dates';

describe('request deadlines', () => {
	it.each([
		['2026-03-10T09:30:00.000Z', 1, '2026-04-10T09:30:00.000Z'],
		['2026-01-31T12:00:00.000Z', 1, '2026-02-28T12:00:00.000Z'],
		['2028-01-31T12:00:00.000Z', 1, '2028-02-29T12:00:00.000Z'],
		['2026-12-15T00:00:00.000Z', 1, '2027-01-15T00:00:00.000Z'],
		['2026-03-31T08:00:00.000Z', 2, '2026-05-31T08:00:00.000Z'],
		['2026-03-31T08:00:00.000Z', 3, '2026-06-30T08:00:00.000Z']
	])('%s + %i month(s) = %s', (from, months, expected) => {
		expect(addMonths(new Date(from), months).toISOString()).toBe(expected);
	});

	it('is due a month after receipt and extends to at most two more months', () => {
		const received = new Date('2026-05-20T10:00:00Z');
		const due = dueFor(received);
		expect(due.toISOString()).toBe('2026-06-20T10:00:00.000Z');
		expect(latestExtension(due).toISOString()).toBe('2026-08-20T10:00:00.000Z');
	});

	it('is overdue only while open and past the deadline in force', () => {
		const dueAt = new Date('2026-06-20T10:00:00Z');
		const after = new Date('2026-06-21T10:00:00Z');
		expect(isOverdue({ status: 'received', dueAt, extendedUntil: null }, after)).toBe(true);
		expect(isOverdue({ status: 'verified', dueAt, extendedUntil: null }, after)).toBe(true);
		expect(isOverdue({ status: 'completed', dueAt, extendedUntil: null }, after)).toBe(false);
		expect(isOverdue({ status: 'rejected', dueAt, extendedUntil: null }, after)).toBe(false);
		const extendedUntil = new Date('2026-07-20T10:00:00Z');
		expect(isOverdue({ status: 'received', dueAt, extendedUntil }, after)).toBe(false);
		expect(isOverdue({ status: 'received', dueAt, extendedUntil }, new Date('2026-07-21Z'))).toBe(
			true
		);
	});
});
