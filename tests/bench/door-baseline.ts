/**
 * The baseline's door scan (POST /staff/events/:id/checkin/scan), for tests/bench/baseline-server.ts:
 * the same database work as the app's endpoint (src/lib/server/attendees/scan.ts) in plain
 * postgres.js: the door's event (the door role's window), the ticket's lookup by its hash with the
 * linked organisation, then one transaction: the conditional check-in UPDATE, the check_in ledger
 * row and the audit row. Only the 'checked_in' path is modelled: that is what the benchmark sends.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function normalise(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	if (code.length !== 26) return null;
	for (const char of code) if (!ALPHABET.includes(char)) return null;
	return code;
}

function answer(res: ServerResponse, status: number, body: unknown) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store'
	});
	res.end(text);
}

export async function doorScan(
	sql: Sql,
	req: IncomingMessage,
	res: ServerResponse,
	staff: { id: string },
	eventId: string,
	body: string | null
) {
	if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
		return answer(res, 400, { error: 'content_type' });
	}
	let parsed: { code?: unknown; deviceId?: unknown };
	try {
		parsed = JSON.parse(body ?? '') as typeof parsed;
	} catch {
		return answer(res, 400, { error: 'bad_json' });
	}
	if (typeof parsed.code !== 'string') return answer(res, 400, { error: 'invalid' });
	const deviceId = typeof parsed.deviceId === 'string' ? parsed.deviceId : null;
	// The door role's window: published, starting today or within a day, not yet over.
	const [ev] = await sql`
		SELECT id FROM event WHERE id = ${eventId} AND status = 'published'
			AND starts_at >= date_trunc('day', now() AT TIME ZONE 'Europe/Helsinki') AT TIME ZONE 'Europe/Helsinki'
			AND starts_at < now() + interval '24 hours' AND ends_at > now()`;
	if (!ev) return answer(res, 403, { error: 'forbidden' });
	const code = normalise(parsed.code);
	if (!code) return answer(res, 200, { outcome: 'invalid' });
	const hash = createHash('sha256').update(code).digest('hex');
	const [held] = await sql<
		{
			id: string;
			event_id: string;
			status: string;
			first_name: string;
			last_name: string;
			organisation: string | null;
		}[]
	>`
		SELECT r.id, r.event_id, r.status, r.first_name, r.last_name,
			(SELECT o.name FROM contact_person c JOIN organisation o ON o.id = c.organisation_id
				WHERE c.person_id = r.person_id AND c.merged_into_id IS NULL) AS organisation
		FROM registration r WHERE r.ticket_hash = ${hash}`;
	if (!held) return answer(res, 200, { outcome: 'unknown' });
	if (held.event_id !== eventId) return answer(res, 200, { outcome: 'wrong_event' });
	const now = new Date();
	const changed = await sql.begin(async (tx) => {
		const [done] = await tx`
			UPDATE registration SET checked_in_at = ${now}, updated_at = ${now}
			WHERE id = ${held.id} AND event_id = ${eventId} AND status = 'confirmed' AND checked_in_at IS NULL
			RETURNING id`;
		if (!done) return false;
		await tx`
			INSERT INTO check_in (registration_id, event_id, staff_user_id, device_id, source, outcome, at)
			VALUES (${held.id}, ${eventId}, ${staff.id}, ${deviceId}, 'scan', 'accepted', ${now})`;
		await tx`
			INSERT INTO audit_event (actor_id, actor_kind, action, subject_type, subject_id, details)
			VALUES (${staff.id}, 'staff', 'registration.checked_in', 'registration', ${held.id},
				${tx.json({ eventId, source: 'scan' })})`;
		return true;
	});
	return answer(res, 200, {
		outcome: changed ? 'checked_in' : 'already',
		registrationId: held.id,
		name: `${held.first_name} ${held.last_name}`,
		organisation: held.organisation,
		checkedInAt: now.toISOString()
	});
}
