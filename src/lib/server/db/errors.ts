import { DrizzleQueryError } from 'drizzle-orm/errors';

/**
 * Whether a database error (or one it wraps: drizzle puts the driver's error in `cause`) is a
 * unique violation, the race every "check, then insert" loses now and then.
 */
export function isUniqueViolation(error: unknown): boolean {
	for (
		let e = error as { code?: string; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (e.code === '23505') return true;
	}
	return false;
}

/**
 * Connection-level failures: the database is unreachable or restarting (postgres.js' own codes, the
 * socket's, and PostgreSQL's shutdown and start-up refusals, class 57P). The request itself was fine,
 * so it is answered 503 and may be retried; never a sign of bad input or a bug.
 */
const UNAVAILABLE_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'57P01', // admin_shutdown
	'57P02', // crash_shutdown
	'57P03' // cannot_connect_now (starting up, shutting down)
]);

/** How long a client is asked to wait (Retry-After) while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown): boolean {
	for (
		let e = error as { code?: string; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
	}
	return false;
}

/** The first error code along the `cause` chain: PostgreSQL's SQLSTATE or the driver's own. */
function errorCode(error: unknown): string | undefined {
	for (
		let e = error as { code?: unknown; cause?: unknown } | undefined;
		e;
		e = e.cause as typeof e
	) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}

/**
 * An error as a log line or a stored note may show it. A failed query's message repeats the query's
 * parameters (names, emails), so a database error is reduced to its code; DrizzleQueryError keeps
 * the name 'Error', so it is told apart by class or by its message.
 */
export function describeSafely(error: unknown): string {
	const isQuery =
		error instanceof DrizzleQueryError ||
		(error instanceof Error && error.message.startsWith('Failed query'));
	const code = errorCode(error);
	if (isQuery || isDatabaseUnavailable(error)) return `database error ${code ?? 'unknown'}`;
	const message = error instanceof Error ? error.message : String(error);
	return message.slice(0, 500);
}
