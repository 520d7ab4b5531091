import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { describeSafely, isDatabaseUnavailable, isUniqueViolation } from './errors';

const withCode = (code: string, message = 'driver error') =>
	Object.assign(new Error(message), { code });

describe('database errors', () => {
	it('tells an unreachable or restarting server from a bad query, through the cause chain', () => {
		for (const code of ['CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', '57P01', '57P03']) {
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
			const wrapped = new DrizzleQueryError('select 1', [], withCode(code));
			expect(isDatabaseUnavailable(wrapped), `wrapped ${code}`).toBe(true);
		}
		expect(isDatabaseUnavailable(withCode('23505'))).toBe(false);
		expect(isDatabaseUnavailable(withCode('42P01'))).toBe(false);
		expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
		expect(isDatabaseUnavailable(undefined)).toBe(false);
		expect(isUniqueViolation(new DrizzleQueryError('insert', [], withCode('23505')))).toBe(true);
	});

	it('describes a failed query by its code only, never with its parameters', () => {
		const failed = new DrizzleQueryError(
			'insert into registration (email) values ($1)',
			['maija.meikalainen@example.fi'],
			withCode('23514', 'new row violates check constraint')
		);
		const text = describeSafely(failed);
		expect(text).toBe('database error 23514');
		expect(text).not.toContain('maija');
		expect(describeSafely(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(
			'database error ECONNREFUSED'
		);
		expect(describeSafely(new Error('SMTP greeting timed out'))).toBe('SMTP greeting timed out');
		expect(describeSafely('x'.repeat(600))).toHaveLength(500);
	});
});
