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
