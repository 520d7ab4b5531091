/**
 * Benchmark data: migrated databases, events, a staff account and registrants in bulk. The bulk
 * rows are made inside PostgreSQL (INSERT … SELECT generate_series), so 100,000 take seconds.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import * as users from '../../src/lib/server/auth/users';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { openDatabase, type Database, type Db } from '../../src/lib/server/db';
import type { NewEvent } from '../../src/lib/server/db/schema';
import * as events from '../../src/lib/server/events';
import { NOTICE_VERSION } from '../../src/lib/server/privacy/notice';

const DAY_MS = 86_400_000;

export const STAFF = {
	email: 'bench.staff@wetteritrucks.fi',
	displayName: 'Bench Henkilökunta',
	password: 'bench-staff-salasana-2026'
};

/** Opens (and migrates, exactly as the app does at start-up) the database at `url`. */
export function openMigrated(url: string, projectDir: string): Promise<Database> {
	return openDatabase({
		url,
		maxConnections: 4,
		migrationsFolder: path.join(projectDir, 'drizzle')
	});
}

export function benchEvent(slug: string, overrides: Partial<NewEvent> = {}): NewEvent {
	const now = Date.now();
	return {
		slug,
		titleFi: `Kuorma-autojen avoimet ovet (${slug})`,
		titleEn: `Truck open house (${slug})`,
		descriptionFi:
			'Tule tutustumaan uusiin jakelu- ja kaukoliikenneautoihin, huoltopalveluihin ja rahoitusvaihtoehtoihin. Tarjolla kahvia ja pullaa, koeajoja ajokortillisille.',
		descriptionEn:
			'See the new distribution and long-haul trucks, our service workshop and financing options. Coffee and pastries; test drives for licence holders.',
		startsAt: new Date(now + 30 * DAY_MS),
		endsAt: new Date(now + 30 * DAY_MS + 6 * 3_600_000),
		location: 'Wetteri Trucks, Pollenkuja 6, 20380 Turku',
		// Room for every sign-up a run can make: each one takes the seat path of the capacity rule.
		capacity: 10_000_000,
		phonePolicy: 'optional',
		addressPolicy: 'optional',
		status: 'published',
		...overrides
	};
}

export async function createEvent(db: Db, slug: string, overrides: Partial<NewEvent> = {}) {
	return events.create(db, benchEvent(slug, overrides));
}

/** A `staff` account (attendee lists and exports) with a ready session; the token is the cookie. */
export async function createStaff(db: Db): Promise<{ userId: string; sessionToken: string }> {
	const created = await users.create(db, { ...STAFF, role: 'staff' }, { kind: 'system' });
	if (!created.ok) throw new Error(`could not create the bench staff user: ${created.reason}`);
	const sessionToken = generateSessionToken();
	await createSession(db, sessionToken, created.user.id, true);
	return { userId: created.user.id, sessionToken };
}

const FIRST_NAMES = [
	'Aino',
	'Eino',
	'Helmi',
	'Väinö',
	'Aada',
	'Onni',
	'Eeva',
	'Juha',
	'Mikko',
	'Sanna',
	'Päivi',
	'Jari',
	'Kari',
	'Timo',
	'Tuula',
	'Marja',
	'Pekka',
	'Heikki',
	'Liisa',
	'Anneli',
	'Matti',
	'Ville',
	'Oskari',
	'Leevi',
	'Elina',
	'Riikka',
	'Satu',
	'Jukka',
	'Esa',
	'Åsa',
	'Niko',
	'Tero',
	'Kaisa',
	'Minna',
	'Petri',
	'Antti',
	'Hanna',
	'Jussi',
	'Sari',
	'Olli'
];
const LAST_NAMES = [
	'Virtanen',
	'Korhonen',
	'Mäkinen',
	'Nieminen',
	'Mäkelä',
	'Hämäläinen',
	'Laine',
	'Heikkinen',
	'Koskinen',
	'Järvinen',
	'Lehtonen',
	'Lehtinen',
	'Saarinen',
	'Salminen',
	'Heinonen',
	'Niemi',
	'Heikkilä',
	'Kinnunen',
	'Salonen',
	'Turunen',
	'Salo',
	'Laitinen',
	'Tuominen',
	'Rantanen',
	'Karjalainen',
	'Jokinen',
	'Mattila',
	'Savolainen',
	'Lahtinen',
	'Ahonen',
	'Äijälä',
	'Öhman',
	'Wetterstrand',
	'Kallio',
	'Leppänen',
	'Hiltunen',
	'Miettinen',
	'Aaltonen',
	'Hirvonen',
	'Manninen',
	'Väisänen',
	'Seppälä',
	'Koivisto',
	'Lindholm',
	'Nurmi',
	'Peltonen',
	'Rinne',
	'Lindqvist',
	'Vainio',
	'Kettunen'
];

function textArray(values: string[]) {
	return sql.raw(`ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`);
}

/**
 * `count` confirmed registrants on an event, each with a person row, an address and a phone, made
 * in one statement. Emails are `r<i>.<tag>@bench.example`, phones +35840<i, 7 digits>. The event's
 * seat count is raised to match, so the rows are consistent with the capacity rule.
 */
export async function bulkRegistrants(db: Db, eventId: string, count: number, tag: string) {
	const purgeAfter = new Date(Date.now() + 120 * DAY_MS);
	await db.execute(sql`
		WITH people AS (
			INSERT INTO person (id) SELECT gen_random_uuid() FROM generate_series(1, ${count})
			RETURNING id
		), numbered AS (
			SELECT id, row_number() OVER () AS i FROM people
		)
		INSERT INTO registration (event_id, person_id, first_name, last_name, email, email_normalised,
			phone, street, postal_code, city, locale, status, notice_version, purge_after, created_at)
		SELECT ${eventId}, id,
			(${textArray(FIRST_NAMES)})[1 + (i % ${FIRST_NAMES.length})],
			(${textArray(LAST_NAMES)})[1 + ((i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length})],
			'r' || i || '.' || ${tag} || '@bench.example',
			'r' || i || '.' || ${tag} || '@bench.example',
			'+35840' || lpad(i::text, 7, '0'),
			'Satamakatu ' || (1 + i % 90),
			lpad((20100 + i % 800)::text, 5, '0'),
			'Turku',
			CASE WHEN i % 5 = 0 THEN 'en' ELSE 'fi' END,
			'confirmed',
			${NOTICE_VERSION},
			${purgeAfter.toISOString()}::timestamptz,
			now() - make_interval(secs => ${count} - i)
		FROM numbered`);
	await db.execute(sql`
		UPDATE event SET capacity = GREATEST(capacity, ${count}), confirmed_count = ${count}
		WHERE id = ${eventId}`);
}

/** Statistics and the visibility map, as autovacuum would have them for a table that has settled. */
export async function analyze(db: Db) {
	await db.execute(sql`VACUUM ANALYZE`);
}

/**
 * Rows the sign-up runs must have stored: registrations on the event and their outbox messages,
 * matched by the recipient's hash (every bench sign-up has an address of its own), so a request of
 * an earlier run that committed late is not counted here.
 */
export async function storedSignups(db: Db, eventId: string) {
	const result = await db.execute<{ registrations: number; outbox: number }>(sql`
		SELECT
			(SELECT count(*)::int FROM registration WHERE event_id = ${eventId}) AS registrations,
			(SELECT count(*)::int FROM email_outbox o
				WHERE o.template = 'registration.confirmed'
				AND o.recipient_hash IN (
					SELECT encode(sha256(convert_to(email_normalised, 'UTF8')), 'hex')
					FROM registration WHERE event_id = ${eventId})
			) AS outbox`);
	const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
	return rows[0] as { registrations: number; outbox: number };
}
