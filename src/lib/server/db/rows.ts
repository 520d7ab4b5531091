/** The rows of a `db.execute` answer: postgres.js gives an array, PGlite an object holding them. */
export function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
