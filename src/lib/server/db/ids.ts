const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and forms; anything else would make PostgreSQL raise instead of not finding. */
export function isId(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
