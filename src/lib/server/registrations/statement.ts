import type { Db, Tx } from '../db';

/** A parameter as the hot statements pass it: text (cast in the SQL), a number, a flag or null. */
export type Param = string | number | boolean | null;

interface PostgresJsClient {
	unsafe(text: string, params: Param[], options: { prepare: boolean }): Promise<unknown[]>;
}

interface PgliteClient {
	query(text: string, params: Param[]): Promise<{ rows: unknown[] }>;
}

/** The driver's own handle under Drizzle's database or transaction object. */
function clientOf(db: Db | Tx): PostgresJsClient | PgliteClient {
	return (db as unknown as { session: { client: PostgresJsClient | PgliteClient } }).session.client;
}

/**
 * Runs one of the sign-up's fixed statements as a prepared statement, on the database or in the
 * transaction given. Drizzle sends its queries unprepared, and postgres.js then asks the server
 * for the parameter types first: two round trips per query. A prepared statement is described
 * once per connection and then costs one, and no query is built per request: the text is a
 * constant. Every parameter is cast in the SQL, so both drivers send the same values.
 */
export async function runStatement<T>(db: Db | Tx, text: string, params: Param[]): Promise<T[]> {
	const client = clientOf(db);
	if ('unsafe' in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
	return (await client.query(text, params)).rows as T[];
}
