/**
 * The texts of the sign-up's two hot statements (sign-up.ts runs them), apart from the code so that
 * the bench's same-work baseline (tests/bench/signup-baseline.ts) sends exactly these and cannot
 * drift from what the app does. Every parameter is cast, so both drivers send the same values.
 */

/**
 * Counts the rate-limit hit (when given: $5–$8) and looks up, for the event and normalised email,
 * an active registration (a repeat sign-up), the person key of an earlier registrant with the
 * email, and whether the email or phone is on the suppression list (HMACs $3, $4).
 */
export const LOOK_UP = `WITH hit AS (
	INSERT INTO rate_limit (bucket, key_hash, window_start, window_end, hits)
	SELECT $5::text, $6::text, $7::text::timestamptz, $8::text::timestamptz, 1
	WHERE $5::text IS NOT NULL
	ON CONFLICT (bucket, key_hash, window_start) DO UPDATE SET hits = rate_limit.hits + 1
	RETURNING hits
)
SELECT
	(SELECT hits FROM hit) AS hits,
	(SELECT r.id::text FROM registration r
		WHERE r.event_id = $1::uuid AND r.email_normalised = $2::text AND r.status <> 'cancelled'
		LIMIT 1) AS existing_id,
	(SELECT r.person_id::text FROM registration r WHERE r.email_normalised = $2::text LIMIT 1)
		AS person_id,
	EXISTS (SELECT 1 FROM marketing_suppression s WHERE s.hmac IN ($3::text, $4::text))
		AS suppressed`;

/**
 * The claim and every write of a sign-up, in one statement (see sign-up.ts). `seat` takes a
 * seat if one is free; only if it took none does `queue` take the next waiting-list number (one
 * row is never changed twice). Each re-checks its condition on the newest row version after
 * waiting for the lock, so concurrent sign-ups can never overbook. A closed event makes both
 * empty, and then nothing at all is written. So does a place whose mail was not rendered (the
 * caller renders only the one the event's state predicts, and both when that guess failed); a
 * missing confirmation never lets a sign-up wait while a seat is free.
 *
 * The rank a waiting-list mail states counts those waiting ahead. The statement's snapshot predates
 * the lock wait, so it misses those queued meanwhile; `before` is the number the snapshot had
 * reached, and every number between it and this one was taken by a sign-up that committed while
 * this one waited (a claim and its registration commit together), so they are added as such.
 */
export const CLAIM_AND_STORE = `WITH seat AS (
	UPDATE event SET confirmed_count = confirmed_count + 1
	WHERE id = $1::uuid AND $21::text IS NOT NULL AND confirmed_count < capacity
		AND status = 'published'
		AND (registration_opens_at IS NULL OR registration_opens_at <= $2::text::timestamptz)
		AND (registration_closes_at IS NULL OR registration_closes_at > $2::text::timestamptz)
		AND ends_at > $2::text::timestamptz
	RETURNING id
), queue AS (
	UPDATE event SET waitlist_seq = waitlist_seq + 1
	WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM seat) AND $22::text IS NOT NULL
		AND ($21::text IS NOT NULL OR confirmed_count >= capacity) AND status = 'published'
		AND (registration_opens_at IS NULL OR registration_opens_at <= $2::text::timestamptz)
		AND (registration_closes_at IS NULL OR registration_closes_at > $2::text::timestamptz)
		AND ends_at > $2::text::timestamptz
	RETURNING waitlist_seq
), place AS (
	SELECT 'confirmed'::registration_status AS status, NULL::int AS position FROM seat
	UNION ALL
	SELECT 'waitlisted'::registration_status, waitlist_seq FROM queue
), before AS (
	SELECT waitlist_seq AS seq FROM event WHERE id = $1::uuid
), new_person AS (
	INSERT INTO person (id) SELECT $3::uuid FROM place WHERE $4::boolean RETURNING id
), stored AS (
	INSERT INTO registration (id, event_id, person_id, first_name, last_name, email,
		email_normalised, phone, street, postal_code, city, locale, status, waitlist_position,
		ticket_version, ticket_hash, calendar_sequence, notice_version, purge_after)
	SELECT $5::uuid, $1::uuid, $3::uuid, $6::text, $7::text, $8::text, $9::text, $10::text,
		$11::text, $12::text, $13::text, $14::text, place.status, place.position, $15::int,
		$16::text, CASE WHEN place.status = 'confirmed' THEN 1 ELSE 0 END, $17::text,
		$18::text::timestamptz
	FROM place
	RETURNING id
), token AS (
	INSERT INTO access_token (token_hash, purpose, person_id, registration_id)
	SELECT $19::text, 'manage', $3::uuid, stored.id FROM stored
	RETURNING id
), mail AS (
	INSERT INTO email_outbox (template, recipient_hash, message)
	SELECT 'registration.' || place.status::text, $20::text,
		CASE WHEN place.status = 'confirmed' THEN $21::text::jsonb
		ELSE replace($22::text, $23::text, (
			(SELECT count(*) FROM registration r
				WHERE r.event_id = $1::uuid AND r.status = 'waitlisted'
				AND r.waitlist_position <= (SELECT seq FROM before))
			+ place.position - (SELECT seq FROM before))::text)::jsonb
		END
	FROM place
	RETURNING id
)
SELECT place.status::text AS status, place.position AS position,
	(SELECT count(*) FROM mail)::int AS mails, (SELECT count(*) FROM token)::int AS tokens
FROM place`;
