/** A fresh, migrated database with one open event, and the SQL the rush tests check it with. */
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../../src/lib/server/db';
import * as events from '../../../src/lib/server/events';
import * as users from '../../../src/lib/server/auth/users';
import { createDatabase } from '../../support/postgres-server';
import { root } from './app';

const DAY_MS = 86_400_000;

export interface Seeded {
	url: string;
	slug: string;
	eventId: string;
	/** The test's own connection to the database (one, so queries run in order). */
	sql: postgres.Sql;
	/** Closes the connection and drops the database (on a shared server they would pile up). */
	drop(): Promise<void>;
}

export interface SeedOptions {
	capacity?: number;
	staff?: { email: string; password: string };
}

/** Migrates a new database on the server, adds a published event that is open for sign-up. */
export async function seedDatabase(serverUrl: string, options: SeedOptions = {}): Promise<Seeded> {
	const url = await createDatabase(serverUrl, 'ilmo_rush');
	const database = await openDatabase({
		url,
		migrationsFolder: path.join(root, 'drizzle'),
		maxConnections: 2
	});
	const slug = 'rush-open-house';
	let eventId: string;
	try {
		const startsAt = new Date(Date.now() + 30 * DAY_MS);
		const created = await events.create(database.db, {
			slug,
			titleFi: 'Ruuhkatesti',
			titleEn: 'Rush test',
			descriptionFi: 'Testitapahtuma.',
			descriptionEn: 'A test event.',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
			location: 'Pollenkuja 6, 20380 Turku',
			capacity: options.capacity ?? 100,
			phonePolicy: 'hidden',
			addressPolicy: 'hidden',
			status: 'published'
		});
		eventId = created.id;
		if (options.staff) {
			const result = await users.create(
				database.db,
				{ ...options.staff, displayName: 'Ruuhka Testaaja', role: 'staff' },
				{ kind: 'system' }
			);
			if (!result.ok) throw new Error(`could not create the staff user: ${result.reason}`);
		}
	} finally {
		await database.close();
	}
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	const drop = async () => {
		await sql.end({ timeout: 1 });
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
		try {
			await admin.unsafe(
				`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`
			);
		} finally {
			await admin.end();
		}
	};
	return { url, slug, eventId, sql, drop };
}

export interface RegistrationRow {
	id: string;
	email: string;
	status: 'confirmed' | 'waitlisted' | 'cancelled';
	waitlist_position: number | null;
}

export function registrations(sql: postgres.Sql, eventId: string) {
	return sql<RegistrationRow[]>`
		SELECT id, email, status, waitlist_position FROM registration
		WHERE event_id = ${eventId} ORDER BY waitlist_position NULLS FIRST, email`;
}

/**
 * The invariants a crash or an outage must never break: the seat count matches the confirmed rows,
 * the waiting list has unique positions, and every registration has its email in the outbox (same
 * transaction), matched by the recipient hash the outbox keeps.
 */
export async function consistency(sql: postgres.Sql, eventId: string) {
	const [counts] = await sql<
		{
			confirmed_count: number;
			capacity: number;
			confirmed: number;
			waitlisted: number;
			positions: number;
			distinct_positions: number;
			without_mail: number;
			without_token: number;
		}[]
	>`
		SELECT e.confirmed_count, e.capacity,
			(SELECT count(*)::int FROM registration r WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed,
			(SELECT count(*)::int FROM registration r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted,
			(SELECT count(waitlist_position)::int FROM registration r WHERE r.event_id = e.id) AS positions,
			(SELECT count(DISTINCT waitlist_position)::int FROM registration r WHERE r.event_id = e.id) AS distinct_positions,
			(SELECT count(*)::int FROM registration r WHERE r.event_id = e.id AND NOT EXISTS (
				SELECT 1 FROM email_outbox o
				WHERE o.recipient_hash = encode(sha256(convert_to(r.email_normalised, 'UTF8')), 'hex')
					AND o.template IN ('registration.confirmed', 'registration.waitlisted'))) AS without_mail,
			(SELECT count(*)::int FROM registration r WHERE r.event_id = e.id AND NOT EXISTS (
				SELECT 1 FROM access_token t WHERE t.registration_id = r.id)) AS without_token
		FROM event e WHERE e.id = ${eventId}`;
	return counts!;
}

export async function outboxByStatus(sql: postgres.Sql): Promise<Record<string, number>> {
	const rows = await sql<{ status: string; count: number }[]>`
		SELECT status::text, count(*)::int AS count FROM email_outbox GROUP BY status`;
	return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}

/** Polls until `check` returns true; the deadline only bounds a broken run, it is not asserted. */
export async function eventually(
	check: () => Promise<boolean>,
	timeoutMs: number,
	what: string,
	intervalMs = 200
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	throw new Error(`gave up waiting: ${what}`);
}
