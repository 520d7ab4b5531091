/**
 * The baseline's third sign-up figure (POST /minimal/events/:slug), for
 * tests/bench/baseline-server.ts: the minimal exact sign-up, the floor every other design is measured
 * against. The conditional seat claim (`UPDATE event … SET confirmed_count = confirmed_count + 1
 * WHERE … confirmed_count < capacity RETURNING`) and the registration's INSERT, nothing else: no
 * rate limit, validation, person, token or outbox row. Both run as one statement (a data-modifying
 * CTE), so the pair is atomic without a transaction around it and costs one round trip; a full
 * event inserts nothing and answers 409. Every registration belongs to one person row, made once:
 * the column is NOT NULL, and a person per sign-up would be more than the minimal work.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import { NOTICE_VERSION } from '../../src/lib/server/privacy/notice';

let person: Promise<string> | undefined;

function personOf(sql: Sql): Promise<string> {
	person ??= sql`INSERT INTO person DEFAULT VALUES RETURNING id`.then((rows) =>
		String(rows[0]!.id)
	);
	return person;
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}) {
	res.writeHead(status, { 'content-length': 0, ...headers });
	res.end();
}

export async function minimalSignup(
	sql: Sql,
	req: IncomingMessage,
	res: ServerResponse,
	origin: string,
	slug: string,
	body: string | null
) {
	// The same HTTP front as the same-work baseline: Origin check, body limit, form parse.
	if (req.headers.origin !== origin) return answer(res, 403);
	if (body === null) return answer(res, 413);
	const form = new URLSearchParams(body);
	const email = (form.get('email') ?? '').trim();
	const personId = await personOf(sql);
	const [registration] = await sql`
		WITH seat AS (
			UPDATE event SET confirmed_count = confirmed_count + 1
			WHERE slug = ${slug} AND confirmed_count < capacity
			RETURNING id, ends_at, retention_days)
		INSERT INTO registration (event_id, person_id, first_name, last_name, email, email_normalised,
			locale, status, notice_version, purge_after)
		SELECT id, ${personId}, ${form.get('firstName') ?? ''}, ${form.get('lastName') ?? ''},
			${email}, ${email.toLowerCase()}, 'fi', 'confirmed', ${NOTICE_VERSION},
			ends_at + make_interval(days => retention_days)
		FROM seat
		RETURNING id`;
	if (!registration) return answer(res, 409);
	answer(res, 303, { location: `/events/${slug}/registered` });
}
