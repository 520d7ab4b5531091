import { normaliseBusinessId } from '../../schemas/business-id';
import { normalisePhone } from '../phone';
import { normaliseEmail } from '../person/email';

/** Optional form text: empty means "not known", stored as NULL. */
export function orNull(value: string | null | undefined): string | null {
	const trimmed = value?.trim() ?? '';
	return trimmed === '' ? null : trimmed;
}

/** An email as stored and compared: trimmed, lower case; with the part after @ for domain matching. */
export function cleanEmail(value: string): { email: string | null; domain: string | null } {
	const given = orNull(value);
	if (!given) return { email: null, domain: null };
	const email = normaliseEmail(given);
	const at = email.lastIndexOf('@');
	return { email, domain: at >= 0 ? email.slice(at + 1) || null : null };
}

/** E.164, or `undefined` when a number was typed that is not a valid one. */
export function cleanPhone(value: string): string | null | undefined {
	const given = orNull(value);
	if (!given) return null;
	return normalisePhone(given) ?? undefined;
}

/** The canonical y-tunnus, or `undefined` when one was typed that does not check out. */
export function cleanBusinessId(value: string): string | null | undefined {
	const given = orNull(value);
	if (!given) return null;
	return normaliseBusinessId(given) ?? undefined;
}

/**
 * A unique violation of the named index. PGlite names it `constraint`, postgres.js
 * `constraint_name`, and drizzle wraps either in an error of its own (`cause`).
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
	type PgError = { code?: string; constraint?: string; constraint_name?: string; cause?: unknown };
	for (let e = error as PgError | undefined, depth = 0; e && depth < 5; depth++) {
		if (e.code === '23505') return (e.constraint ?? e.constraint_name) === constraint;
		e = e.cause as PgError | undefined;
	}
	return false;
}

/** The names of the fields whose values differ: what an update audit row may say about it. */
export function changedFields<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): string[] {
	return Object.keys(after).filter((key) => {
		const a = before[key];
		const b = after[key];
		return a instanceof Date || b instanceof Date ? String(a) !== String(b) : a !== b;
	});
}
