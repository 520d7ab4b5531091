/**
 * The baseline the benchmark compares the app with: node:http and postgres.js, no framework, no ORM,
 * doing the same database work as the app's routes (same statements, same order, same transaction
 * boundaries, same tables, created by the app's migrations):
 *
 * - GET  /events/:slug        select the event, render a small HTML page with the sign-up form
 * - POST /events/:slug        Origin check (403), 64 KB body limit (413), form parse, validation like
 *                             the app's (names, email, phone, postal code, per-event policies), both
 *                             confirmations rendered ahead, then the app's statements
 *                             (tests/bench/signup-baseline.ts): one look-up with the rate-limit hit,
 *                             then one statement under the event's lock for the claim, person,
 *                             registration, manage token and outbox row; 303 to …/registered
 * - GET  /staff/events/:id    session cookie check, the seat counts, count + one page of attendees
 *                             (name order, prefix search on the same index expressions), audit row
 * - GET  /staff/events/:id/attendees.csv   the same, streamed by keyset batches of 500
 * - POST /staff/events/:id/checkin/scan    a door scan (tests/bench/door-baseline.ts)
 * - POST /minimal/events/:slug the minimal exact sign-up: one conditional seat UPDATE and one
 *                             registration INSERT, one statement (tests/bench/minimal-baseline.ts)
 * - a mail worker that claims outbox rows with SKIP LOCKED, writes .eml files and marks them sent
 *
 * Environment: DATABASE_URL, PORT, ORIGIN, MAIL_DIR, BASELINE_POOL (default 10, as the app),
 * BASELINE_PG_OPTIONS (JSON merged into the postgres.js options) and BASELINE_POSTGRES (the path of
 * another copy of postgres.js): both for driver experiments by hand; the driver phase of run.ts
 * swaps the driver with a module hook instead.
 */
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import stockPostgres from 'postgres';
import { NOTICE_VERSION } from '../../src/lib/server/privacy/notice';
import { doorScan } from './door-baseline';
import { minimalSignup } from './minimal-baseline';
import { claimAndStore, lookUp } from './signup-baseline';

const port = Number(process.env.PORT ?? 3999);
const origin = process.env.ORIGIN ?? `http://127.0.0.1:${port}`;
const mailDir = process.env.MAIL_DIR ?? path.resolve('data/baseline-mail');
const rateKey = randomBytes(32).toString('base64url');
const SIGNUP_LIMIT = { max: 1_000_000, windowSeconds: 60 };
const BODY_LIMIT = 64 * 1024;
const DAY_MS = 86_400_000;

mkdirSync(mailDir, { recursive: true });
const extra = JSON.parse(process.env.BASELINE_PG_OPTIONS ?? '{}') as Record<string, unknown>;
const postgres = process.env.BASELINE_POSTGRES
	? ((await import(process.env.BASELINE_POSTGRES)) as { default: typeof stockPostgres }).default
	: stockPostgres;
const sql = postgres(process.env.DATABASE_URL!, {
	max: Number(process.env.BASELINE_POOL ?? 10),
	onnotice: () => {},
	...extra
});

type Row = Record<string, unknown>;
interface EventRow {
	id: string;
	slug: string;
	title_fi: string;
	description_fi: string;
	location: string;
	starts_at: Date;
	ends_at: Date;
	capacity: number;
	confirmed_count: number;
	phone_policy: 'hidden' | 'optional' | 'required';
	address_policy: 'hidden' | 'optional' | 'required';
	status: string;
	retention_days: number;
}

// --- the same case folding as src/lib/server/db/search-key.ts, so the same indexes serve ---
let upper = '';
let lower = '';
for (let code = 0xc0; code <= 0x17f; code++) {
	const char = String.fromCharCode(code);
	const folded = char.toLowerCase();
	if (folded !== char && folded.length === 1) {
		upper += char;
		lower += folded;
	}
}
const searchKey = (column: string) =>
	`(translate(lower(${column}), '${upper}', '${lower}') COLLATE "C")`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res: ServerResponse, status: number, body: string, headers: Row = {}) {
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(body),
		...headers
	});
	res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > BODY_LIMIT) {
				resolve(null);
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

async function findEvent(slug: string): Promise<EventRow | null> {
	const [row] = await sql<EventRow[]>`SELECT * FROM event WHERE slug = ${slug} LIMIT 1`;
	return row && row.status !== 'draft' ? row : null;
}

function page(title: string, body: string) {
	return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;
}

function eventPage(ev: EventRow) {
	const field = (name: string, label: string, required: boolean, type = 'text') =>
		`<label>${label}<input name="${name}" type="${type}"${required ? ' required' : ''}></label>`;
	const seats = Math.max(0, ev.capacity - ev.confirmed_count);
	return page(
		ev.title_fi,
		`<h1>${escapeHtml(ev.title_fi)}</h1><p>${escapeHtml(ev.description_fi)}</p>` +
			`<p>${ev.starts_at.toISOString()} · ${escapeHtml(ev.location)} · ${seats} paikkaa</p>` +
			`<form method="POST">${field('firstName', 'Etunimi', true)}${field('lastName', 'Sukunimi', true)}` +
			`${field('email', 'Sähköposti', true, 'email')}` +
			(ev.phone_policy !== 'hidden'
				? field('phone', 'Puhelin', ev.phone_policy === 'required', 'tel')
				: '') +
			(ev.address_policy !== 'hidden'
				? field('street', 'Katuosoite', ev.address_policy === 'required') +
					field('postalCode', 'Postinumero', ev.address_policy === 'required') +
					field('city', 'Postitoimipaikka', ev.address_policy === 'required')
				: '') +
			`<button>Ilmoittaudu</button></form>`
	);
}

// --- validation, roughly the app's zod schema ---
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const EMAIL =
	/^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const PHONE = /^(\+?[0-9][0-9 ()-]{4,24})?$/;

function clean(form: URLSearchParams, name: string) {
	return (form.get(name) ?? '').replace(CONTROL, ' ').trim();
}

function normalisePhone(text: string): string | null {
	const digits = text.replace(/\D/g, '');
	const e164 = text.startsWith('+')
		? `+${digits}`
		: digits.startsWith('00')
			? `+${digits.slice(2)}`
			: `+358${digits.replace(/^0/, '')}`;
	return e164.length >= 9 && e164.length <= 16 ? e164 : null;
}

function validate(form: URLSearchParams, ev: EventRow) {
	const errors: string[] = [];
	const data = {
		firstName: clean(form, 'firstName'),
		lastName: clean(form, 'lastName'),
		email: clean(form, 'email'),
		phone: clean(form, 'phone'),
		street: clean(form, 'street'),
		postalCode: clean(form, 'postalCode'),
		city: clean(form, 'city')
	};
	if (!data.firstName || data.firstName.length > 100) errors.push('firstName');
	if (!data.lastName || data.lastName.length > 100) errors.push('lastName');
	if (!data.email || data.email.length > 254 || !EMAIL.test(data.email)) errors.push('email');
	if (data.phone.length > 30 || !PHONE.test(data.phone)) errors.push('phone');
	if (ev.phone_policy === 'required' && !data.phone) errors.push('phone');
	if (!/^([0-9]{5})?$/.test(data.postalCode)) errors.push('postalCode');
	if (ev.address_policy === 'required' && (!data.street || !data.postalCode || !data.city)) {
		errors.push('address');
	}
	let phone: string | null = null;
	if (ev.phone_policy !== 'hidden' && data.phone) {
		phone = normalisePhone(data.phone);
		if (!phone) errors.push('phone');
	}
	return { data, phone, errors };
}

function hashAddress(address: string, now: Date) {
	const dailyKey = createHmac('sha256', rateKey).update(now.toISOString().slice(0, 10)).digest();
	return createHmac('sha256', dailyKey).update(address).digest('hex');
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
function token() {
	const bytes = randomBytes(20);
	let bits = 0;
	let value = 0;
	let out = '';
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += BASE32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	return out;
}

function mailFor(ev: EventRow, reg: Row, manageToken: string, rank?: number) {
	const when = ev.starts_at.toISOString();
	const name = String(reg.first_name);
	const manageUrl = `${origin}/manage/${manageToken}`;
	const text =
		`Hei ${name},\n\nilmoittautumisesi on vahvistettu: ${ev.title_fi}, ${when}, ${ev.location}.\n\n` +
		(rank === undefined ? '' : `Olet jonossa sijalla ${rank}.\n\n`) +
		`Voit tarkistaa, korjata tai perua ilmoittautumisesi täällä: ${manageUrl}\n\n` +
		`Tietosuojaseloste: ${origin}/privacy\n\nTervetuloa!\nWetteri Trucks Oy\n`;
	const html = `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(text).replace(/\n/g, '<br>')}</p><p><a href="${manageUrl}">Hallitse ilmoittautumista</a></p></body></html>`;
	const ics = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Wetteri Trucks//Ilmo//FI',
		'METHOD:PUBLISH',
		'BEGIN:VEVENT',
		`UID:${reg.id}@ilmo`,
		`DTSTAMP:${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`,
		`DTSTART:${when.replace(/[-:]/g, '').slice(0, 15)}Z`,
		`SUMMARY:${ev.title_fi}`,
		`LOCATION:${ev.location}`,
		`URL:${origin}/events/${ev.slug}`,
		'END:VEVENT',
		'END:VCALENDAR'
	].join('\r\n');
	return {
		to: String(reg.email),
		subject: `Ilmoittautuminen vahvistettu: ${ev.title_fi}`,
		text,
		html,
		attachments: [
			{ filename: 'tapahtuma.ics', contentType: 'text/calendar; charset=utf-8', content: ics }
		]
	};
}

let wakeWorker = () => {};

/**
 * Stands for the waiting-list rank in the pre-rendered waiting-list mail, as in the app
 * (src/lib/server/registrations/sign-up.ts): the sign-up statement replaces it with the rank.
 */
const RANK_MARKER = 100_000_000_000_000 + randomInt(2 ** 47);
/** Seats left below which a sign-up renders both confirmations ahead, as the app does. */
const NEAR_FULL = 10;

function suppressionHmac(kind: 'email' | 'phone', value: string) {
	return createHmac('sha256', rateKey).update(`${kind}:${value}`).digest('hex');
}

async function signup(req: IncomingMessage, res: ServerResponse, slug: string) {
	// SvelteKit's CSRF rule for form posts: the Origin header must be ours.
	if (req.headers.origin !== origin)
		return send(res, 403, 'Cross-site POST form submissions are forbidden');
	const body = await readBody(req);
	if (body === null) return send(res, 413, 'Payload Too Large');
	const ev = await findEvent(slug);
	if (!ev) return send(res, 404, page('Not found', 'Not found'));
	const form = new URLSearchParams(body);
	const now = new Date();
	if ((form.get('fax_number') ?? '').trim() !== '') {
		return send(res, 303, '', { location: `/events/${ev.slug}/registered` });
	}
	const { data, phone, errors } = validate(form, ev);
	if (errors.length) return send(res, 400, eventPage(ev));
	const withAddress = ev.address_policy !== 'hidden';
	const emailNormalised = data.email.toLowerCase();
	// Drawn and rendered before any lock, as the app does: the registration's id and ticket, the
	// manage token and the confirmation the event's state predicts (both when it is near full; the
	// waiting one with the rank marker).
	const id = randomUUID();
	const manage = token();
	const mailed = { id, first_name: data.firstName, email: data.email };
	const render = (status: 'confirmed' | 'waitlisted') =>
		JSON.stringify(mailFor(ev, mailed, manage, status === 'waitlisted' ? RANK_MARKER : undefined));
	const seatsLeft = ev.capacity - ev.confirmed_count;
	let confirmedMessage = seatsLeft > NEAR_FULL ? render('confirmed') : null;
	let waitlistedMessage = seatsLeft <= 0 ? render('waitlisted') : null;
	if (!confirmedMessage && !waitlistedMessage) {
		confirmedMessage = render('confirmed');
		waitlistedMessage = render('waitlisted');
	}
	const windowMs = SIGNUP_LIMIT.windowSeconds * 1000;
	const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
	// Round trip 2 (after the event's read): the rate-limit hit, a repeat, an earlier person, the
	// suppression list.
	const found = await lookUp(sql, [
		ev.id,
		emailNormalised,
		suppressionHmac('email', emailNormalised),
		phone ? suppressionHmac('phone', phone) : null,
		'signup',
		hashAddress(req.socket.remoteAddress ?? '', now),
		windowStart.toISOString(),
		new Date(windowStart.getTime() + windowMs).toISOString()
	]);
	if ((found.hits ?? 0) > SIGNUP_LIMIT.max) {
		return send(res, 429, page('Too many', 'Too many sign-ups'));
	}
	// A repeat: the app mails the owner (capped) and answers the same; the bench sends none.
	if (found.existing_id) return send(res, 303, '', { location: `/events/${ev.slug}/registered` });
	// Round trip 3, the one under the event's lock: claim and every write in one statement.
	const personId = found.person_id ?? randomUUID();
	const claim = () => [
		ev.id,
		now.toISOString(),
		personId,
		!found.person_id,
		id,
		data.firstName,
		data.lastName,
		data.email,
		emailNormalised,
		phone,
		withAddress ? data.street || null : null,
		withAddress ? data.postalCode || null : null,
		withAddress ? data.city || null : null,
		'fi',
		1,
		sha256Hex(randomBytes(16).toString('hex')),
		NOTICE_VERSION,
		new Date(ev.ends_at.getTime() + ev.retention_days * DAY_MS).toISOString(),
		sha256Hex(manage),
		sha256Hex(emailNormalised),
		confirmedMessage,
		waitlistedMessage,
		String(RANK_MARKER)
	];
	let place = await claimAndStore(sql, claim());
	if (!place && !(confirmedMessage && waitlistedMessage)) {
		// The guess was wrong (or the event closed): nothing was written; again with both.
		confirmedMessage ??= render('confirmed');
		waitlistedMessage ??= render('waitlisted');
		place = await claimAndStore(sql, claim());
	}
	if (!place) return send(res, 409, eventPage(ev));
	wakeWorker();
	send(res, 303, '', { location: `/events/${ev.slug}/registered` });
}

interface Staff {
	id: string;
}

async function staffFor(req: IncomingMessage): Promise<Staff | null> {
	const cookie = /(?:^|;\s*)ilmo_staff_session=([a-z2-7]{32})/.exec(req.headers.cookie ?? '');
	if (!cookie) return null;
	const [row] = await sql<{ id: string; expires_at: Date }[]>`
		SELECT u.id, s.expires_at FROM staff_session s JOIN staff_user u ON u.id = s.user_id
		WHERE s.id = ${sha256Hex(cookie[1]!)} AND u.disabled_at IS NULL`;
	return row && row.expires_at > new Date() ? { id: row.id } : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function searchCondition(q: string) {
	if (!q) return sql``;
	const terms = q.normalize('NFC').toLowerCase().split(' ').filter(Boolean).slice(0, 4);
	const names = terms.map(
		(term) =>
			sql`(${sql.unsafe(searchKey('last_name'))} LIKE ${likePrefix(term)} OR ${sql.unsafe(searchKey('first_name'))} LIKE ${likePrefix(term)})`
	);
	let condition = names.reduce((all, one) => sql`${all} AND ${one}`);
	if (!q.includes(' ')) {
		condition = sql`(${condition}) OR (email_normalised COLLATE "C") LIKE ${likePrefix(q.toLowerCase())}`;
	}
	return sql`AND (${condition})`;
}

async function attendeeList(res: ServerResponse, staff: Staff, eventId: string, url: URL) {
	const [ev] = await sql<EventRow[]>`SELECT * FROM event WHERE id = ${eventId}`;
	if (!ev) return send(res, 404, 'Not found');
	const q = (url.searchParams.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
	const pageSize = 50;
	const [counts] = await sql`
		SELECT count(r.id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
			count(r.checked_in_at) FILTER (WHERE r.status = 'confirmed')::int AS checked_in
		FROM event e LEFT JOIN registration r ON r.event_id = e.id AND r.status <> 'cancelled'
		WHERE e.id = ${eventId} GROUP BY e.id`;
	const where = sql`event_id = ${eventId} ${searchCondition(q)}`;
	const [counted] = await sql<
		{ total: number }[]
	>`SELECT count(*)::int AS total FROM registration WHERE ${where}`;
	const total = counted!.total;
	const pageCount = Math.max(1, Math.ceil(total / pageSize));
	const current = Math.min(pageCount, Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1));
	const order = sql.unsafe(`${searchKey('r.last_name')}, ${searchKey('r.first_name')}, r.id`);
	const rows = await sql`
		SELECT r.id, r.first_name, r.last_name, r.email, r.phone, r.status, r.waitlist_position,
			r.checked_in_at, r.created_at
		FROM registration r JOIN (
			SELECT id FROM registration WHERE ${where}
			ORDER BY ${sql.unsafe(`${searchKey('last_name')}, ${searchKey('first_name')}, id`)}
			LIMIT ${pageSize} OFFSET ${(current - 1) * pageSize}
		) page_ids ON page_ids.id = r.id
		ORDER BY ${order}`;
	await sql`INSERT INTO audit_event (actor_id, actor_kind, action, subject_type, subject_id, count, details)
		VALUES (${staff.id}, 'staff', 'attendees.viewed', 'event', ${eventId}, ${rows.length},
			${sql.json({ view: 'list', status: 'all', sort: 'name', page: current, searched: q !== '' })})`;
	const cells = rows
		.map(
			(r) =>
				`<tr><td>${escapeHtml(`${r.last_name}, ${r.first_name}`)}</td><td>${escapeHtml(String(r.email ?? ''))}</td><td>${escapeHtml(String(r.phone ?? ''))}</td><td>${r.status}</td><td>${(r.created_at as Date).toISOString()}</td></tr>`
		)
		.join('');
	send(
		res,
		200,
		page(
			ev.title_fi,
			`<h1>${escapeHtml(ev.title_fi)}</h1><p>${ev.confirmed_count}/${ev.capacity}, jonossa ${counts?.waitlisted ?? 0}, ${total} osumaa, sivu ${current}/${pageCount}</p><table>${cells}</table>`
		),
		{ 'cache-control': 'no-store' }
	);
}

const CSV_HEADER =
	'Tila;Jonosija;Etunimi;Sukunimi;Sähköposti;Puhelin;Katuosoite;Postinumero;Postitoimipaikka;Ilmoittautunut;Saapunut\r\n';
const csvField = (value: unknown) => {
	if (value === null || value === undefined) return '';
	let text =
		value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

async function attendeeCsv(res: ServerResponse, staff: Staff, eventId: string) {
	const [ev] = await sql`SELECT id FROM event WHERE id = ${eventId}`;
	if (!ev) return send(res, 404, 'Not found');
	const [counted] = await sql<
		{ count: number }[]
	>`SELECT count(*)::int AS count FROM registration WHERE event_id = ${eventId}`;
	await sql`INSERT INTO audit_event (actor_id, actor_kind, action, subject_type, subject_id, count, details)
		VALUES (${staff.id}, 'staff', 'attendees.exported', 'event', ${eventId}, ${counted!.count},
			${sql.json({ status: 'all', separator: ';' })})`;
	res.writeHead(200, {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': 'attachment; filename="osallistujat.csv"',
		'cache-control': 'no-store'
	});
	const write = (text: string) =>
		res.write(text)
			? Promise.resolve()
			: new Promise<void>((resolve) => res.once('drain', resolve));
	await write(`\uFEFF${CSV_HEADER}`);
	const lastKey = searchKey('last_name');
	const firstKey = searchKey('first_name');
	for (const status of ['confirmed', 'waitlisted', 'cancelled']) {
		let after: Row | undefined;
		let rank = 0;
		for (;;) {
			const byPlace = status === 'waitlisted';
			const from = !after
				? sql``
				: byPlace
					? sql`AND waitlist_position > ${after.waitlist_position as number}`
					: sql`AND (${sql.unsafe(lastKey)}, ${sql.unsafe(firstKey)}, id) > (${after.last_key as string}, ${after.first_key as string}, ${after.id as string})`;
			const rows = await sql`
				SELECT id, status, first_name, last_name, email, phone, street, postal_code, city, created_at,
					checked_in_at, waitlist_position, ${sql.unsafe(lastKey)} AS last_key, ${sql.unsafe(firstKey)} AS first_key
				FROM registration WHERE event_id = ${eventId} AND status = ${status} ${from}
				ORDER BY ${sql.unsafe(byPlace ? 'waitlist_position' : `${lastKey}, ${firstKey}, id`)}
				LIMIT 500`;
			if (rows.length) {
				await write(
					rows
						.map(
							(r) =>
								[
									r.status,
									r.status === 'waitlisted' ? ++rank : null,
									r.first_name,
									r.last_name,
									r.email,
									r.phone,
									r.street,
									r.postal_code,
									r.city,
									r.created_at,
									r.checked_in_at
								]
									.map(csvField)
									.join(';') + '\r\n'
						)
						.join('')
				);
			}
			if (rows.length < 500) break;
			after = rows.at(-1);
		}
	}
	res.end();
}

async function route(req: IncomingMessage, res: ServerResponse) {
	const url = new URL(req.url ?? '/', origin);
	const parts = url.pathname.split('/').filter(Boolean);
	if (url.pathname === '/healthz') {
		await sql`SELECT 1`;
		return send(res, 200, 'ok', { 'content-type': 'text/plain' });
	}
	if (url.pathname === '/' && req.method === 'GET') {
		const rows = await sql<EventRow[]>`
			SELECT * FROM event WHERE status = 'published' AND ends_at > now() ORDER BY starts_at, title_fi`;
		return send(
			res,
			200,
			page(
				'Tapahtumat',
				`<ul>${rows.map((e) => `<li><a href="/events/${e.slug}">${escapeHtml(e.title_fi)}</a></li>`).join('')}</ul>`
			)
		);
	}
	if (parts[0] === 'events' && parts.length === 2) {
		const slug = decodeURIComponent(parts[1]!);
		if (req.method === 'POST') return signup(req, res, slug);
		const ev = await findEvent(slug);
		return ev ? send(res, 200, eventPage(ev)) : send(res, 404, page('Not found', 'Not found'));
	}
	if (parts[0] === 'minimal' && parts[1] === 'events' && parts.length === 3) {
		if (req.method !== 'POST') return send(res, 405, 'Method Not Allowed');
		const slug = decodeURIComponent(parts[2]!);
		return minimalSignup(sql, req, res, origin, slug, await readBody(req));
	}
	if (parts[0] === 'staff' && parts[1] === 'events' && parts[2] && UUID.test(parts[2])) {
		const staff = await staffFor(req);
		if (!staff) return send(res, 303, '', { location: '/staff/login' });
		if (parts.length === 3) return attendeeList(res, staff, parts[2], url);
		if (parts[3] === 'attendees.csv') return attendeeCsv(res, staff, parts[2]);
		if (parts[3] === 'checkin' && parts[4] === 'scan' && req.method === 'POST') {
			return doorScan(sql, req, res, staff, parts[2], await readBody(req));
		}
	}
	send(res, 404, page('Not found', 'Not found'));
}

// --- the outbox worker: the app's claim, one file per message, mark sent ---
let stopped = false;
async function processOutbox() {
	for (;;) {
		const batch = await sql<
			{
				id: number;
				attempts: number;
				message: { text: string; to: string; subject: string } | null;
			}[]
		>`
			UPDATE email_outbox SET status = 'sending', attempts = attempts + 1,
				locked_until = now() + make_interval(secs => 600)
			WHERE id IN (
				SELECT id FROM email_outbox
				WHERE (status = 'pending' AND next_attempt_at <= now())
					OR (status = 'sending' AND locked_until < now())
				ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED)
			RETURNING id, attempts, message`;
		if (batch.length === 0) return;
		for (const row of batch) {
			const file = path.join(
				mailDir,
				`${new Date().toISOString().replace(/:/g, '-')}-${row.id}.eml`
			);
			const m = row.message!;
			await writeFile(`${file}.tmp`, `To: ${m.to}\r\nSubject: ${m.subject}\r\n\r\n${m.text}`);
			await rename(`${file}.tmp`, file);
			await sql`UPDATE email_outbox SET status = 'sent', message = NULL, sent_at = now(),
				locked_until = NULL, last_error = NULL
				WHERE id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;
		}
	}
}

async function workerLoop() {
	let pending: boolean | undefined;
	let wake: (() => void) | undefined;
	wakeWorker = () => {
		pending = true;
		wake?.();
	};
	while (!stopped) {
		pending = false;
		try {
			await processOutbox();
		} catch (error) {
			console.error('[baseline] outbox run failed:', error);
		}
		if (pending || stopped) continue;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, 5000);
			wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		wake = undefined;
	}
}

const server = createServer((req, res) => {
	route(req, res).catch((error: unknown) => {
		console.error('[baseline]', error);
		if (!res.headersSent) send(res, 500, 'Internal Error');
		else res.destroy();
	});
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`[baseline] listening on ${origin}`));
const worker = workerLoop();

process.once('SIGTERM', () => {
	stopped = true;
	wakeWorker();
	server.close();
	server.closeAllConnections();
	void worker.finally(() => sql.end({ timeout: 2 })).finally(() => process.exit(0));
});
