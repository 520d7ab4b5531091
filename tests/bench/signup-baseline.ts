/**
 * The same-work baseline's sign-up statements, for tests/bench/baseline-server.ts: the texts of
 * src/lib/server/registrations/sign-up.ts, sent by postgres.js as prepared statements, so the
 * baseline does the app's database work in the app's round trips: the event read, one look-up that
 * also counts the rate-limit hit, then one statement that claims the seat (or waiting-list number)
 * and writes the person, the registration, its manage token and its confirmation together,
 * committed on its own. The texts are the app's own (sign-up-sql.ts).
 */
import type { Sql } from 'postgres';
import { CLAIM_AND_STORE, LOOK_UP } from '../../src/lib/server/registrations/sign-up-sql';

type Param = string | number | boolean | null;

export async function lookUp(sql: Sql, params: Param[]) {
	const [row] = await sql.unsafe<
		{ hits: number | null; existing_id: string | null; person_id: string | null }[]
	>(LOOK_UP, params, { prepare: true });
	return row!;
}

/**
 * The place taken, or null when the event is not open or the place's confirmation was not
 * rendered (a null message parameter): nothing was written then.
 */
export async function claimAndStore(sql: Sql, params: Param[]) {
	const [row] = await sql.unsafe<{ status: 'confirmed' | 'waitlisted'; position: number | null }[]>(
		CLAIM_AND_STORE,
		params,
		{ prepare: true }
	);
	return row ?? null;
}
