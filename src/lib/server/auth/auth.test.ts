import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { auditEvent, signInThrottle, staffSession } from '../db/schema';
import { ROLE_RIGHTS, hasRight } from './access';
import { checkNewPassword } from './password';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionCookieName,
	validateSessionToken
} from './session';
import { signIn } from './sign-in';
import { addressBlock } from '../rate-limit';
import { delaySeconds, FAILURE_MEMORY_MINUTES, FREE_FAILURES, purgeStale } from './throttle';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const PASSWORD = 'korjaamo-vuoro-2026';
const secret = 'test-rate-key';

describe('passwords and rights', () => {
	it('refuses short, common and self-referring passwords', () => {
		expect(checkNewPassword('short')).toBe('tooShort');
		expect(checkNewPassword('salasana1234')).toBe('tooCommon');
		expect(checkNewPassword('aaaaaaaaaaaaaaaa')).toBe('tooCommon');
		expect(checkNewPassword('aino.virtanen-2026', ['aino.virtanen'])).toBe('tooCommon');
		expect(checkNewPassword(PASSWORD)).toBeNull();
	});

	it('gives door accounts check-in only and admins everything staff has', () => {
		expect(ROLE_RIGHTS.door).toEqual(['dashboard.view', 'checkin.use', 'account.manage']);
		for (const right of ROLE_RIGHTS.staff) expect(hasRight('admin', right)).toBe(true);
		expect(hasRight('staff', 'users.manage')).toBe(false);
		expect(hasRight('door', 'attendees.view')).toBe(false);
	});

	it('names the session cookie __Host- over https, where browsers then demand Secure and Path=/', () => {
		expect(sessionCookieName(true)).toBe('__Host-ilmo_staff_session');
		expect(sessionCookieName(false)).toBe('ilmo_staff_session');
	});

	it('waits longer after each failure past the free ones', () => {
		expect(delaySeconds(FREE_FAILURES - 1)).toBe(0);
		expect(delaySeconds(FREE_FAILURES)).toBe(15);
		expect(delaySeconds(FREE_FAILURES + 1)).toBe(30);
		expect(delaySeconds(FREE_FAILURES + 20)).toBe(900);
	});
});

describe.each(DATABASE_KINDS)('staff accounts and sessions on %s', (kind) => {
	let database: Database;
	let userId: string;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const created = await users.create(
			database.db,
			{ email: ' Admin@Wetteri.fi ', displayName: 'Anna Admin', role: 'admin', password: PASSWORD },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		userId = created.user.id;
	});
	afterAll(async () => {
		await database?.close();
	});

	/** Passwords actually verified and found wrong: each leaves one audit row saying so. */
	async function failedChecks(): Promise<number> {
		const rows = await database.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'staff.sign_in_failed'));
		return rows.filter((r) => (r.details as { reason?: string })?.reason === 'password').length;
	}

	it('refuses a second account with the same email', async () => {
		const again = await users.create(
			database.db,
			{ email: 'admin@wetteri.fi', displayName: 'Other', role: 'staff', password: PASSWORD },
			{ kind: 'cli' }
		);
		expect(again).toEqual({ ok: false, reason: 'emailTaken' });
	});

	it('answers alike for an unknown email and a wrong password, and audits both', async () => {
		const unknown = await signIn(database.db, {
			email: 'nobody@wetteri.fi',
			password: PASSWORD,
			address: '198.51.100.10',
			secret
		});
		const wrong = await signIn(database.db, {
			email: 'admin@wetteri.fi',
			password: 'wrong password here',
			address: '198.51.100.11',
			secret
		});
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		const right = await signIn(database.db, {
			email: 'ADMIN@wetteri.fi',
			password: PASSWORD,
			address: '198.51.100.11',
			secret
		});
		expect(right).toEqual({ ok: true, userId, needsSecondFactor: false });
		const actions = (await database.db.select().from(auditEvent)).map((e) => e.action);
		expect(actions.filter((a) => a === 'staff.sign_in_failed')).toHaveLength(2);
		expect(actions).toContain('staff.signed_in');
	});

	it('throttles an account from one address after five failures, even with the right password', async () => {
		const now = new Date('2026-11-24T12:00:00Z');
		const attempt = (password: string, address: string, at = now) =>
			signIn(database.db, { email: 'admin@wetteri.fi', password, address, secret, now: at });
		for (let i = 0; i < FREE_FAILURES; i++) await attempt('not the password', '192.0.2.7');
		const blocked = await attempt(PASSWORD, '192.0.2.7');
		expect(blocked).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 15 });
		const later = await attempt(PASSWORD, '192.0.2.7', new Date(now.getTime() + 16_000));
		expect(later.ok).toBe(true);
	});

	it('lets the owner in from their own address while an outsider keeps failing', async () => {
		const now = new Date('2026-11-24T13:00:00Z');
		const attempt = (password: string, address: string, at: Date) =>
			signIn(database.db, { email: 'admin@wetteri.fi', password, address, secret, now: at });
		for (let i = 0; i < 50; i++) {
			const result = await attempt('guess number ' + i, '203.0.113.66', new Date(+now + i * 1000));
			expect(result.ok).toBe(false);
		}
		// The attacker is held back; the owner, elsewhere, is not.
		const attacker = await attempt(PASSWORD, '203.0.113.66', new Date(+now + 50_000));
		expect(attacker.ok).toBe(false);
		expect(await attempt(PASSWORD, '198.51.100.200', new Date(+now + 50_000))).toEqual({
			ok: true,
			userId,
			needsSecondFactor: false
		});
	});

	it('forgets failures an hour after the last one, and the retention job removes them', async () => {
		const now = new Date('2026-11-24T15:00:00Z');
		const attempt = (password: string, at: Date) =>
			signIn(database.db, {
				email: 'admin@wetteri.fi',
				password,
				address: '192.0.2.44',
				secret,
				now: at
			});
		for (let i = 0; i < FREE_FAILURES - 1; i++) await attempt('not the password', now);
		// An hour later the four old failures no longer count: five fresh ones are free again.
		const later = new Date(now.getTime() + (FAILURE_MEMORY_MINUTES + 1) * 60_000);
		for (let i = 0; i < FREE_FAILURES - 1; i++) {
			expect(await attempt('still not it', later)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect((await attempt(PASSWORD, later)).ok).toBe(true);
		const rows = await database.db.select().from(signInThrottle);
		expect(rows.length).toBeGreaterThan(0);
		// Keys are HMACs: neither the email nor the address is readable or guessable from them.
		expect(JSON.stringify(rows)).not.toMatch(/admin|wetteri|192\.0\.2/);
		const plainHash = encodeHexLowerCase(sha256(new TextEncoder().encode('admin@wetteri.fi')));
		expect(JSON.stringify(rows)).not.toContain(plainHash);
		const far = new Date(Date.now() + 48 * 3_600_000);
		expect(await purgeStale(database.db, far)).toBe(rows.length);
		expect(await database.db.select().from(signInThrottle)).toHaveLength(0);
	});

	it('counts an IPv6 /64 as one address, so rotating within it buys no guesses', async () => {
		const now = new Date('2026-11-24T19:00:00Z');
		const attempt = (password: string, host: number) =>
			signIn(database.db, {
				email: 'admin@wetteri.fi',
				password,
				address: `2001:db8:1:2::${host.toString(16)}`,
				secret,
				now
			});
		for (let i = 1; i <= FREE_FAILURES; i++) {
			expect(await attempt('rotating guess', i)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await attempt(PASSWORD, 999)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(addressBlock('2001:0db8:0001:0002:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressBlock('::ffff:192.0.2.1')).toBe('192.0.2.1');
		expect(addressBlock('192.0.2.1')).toBe('192.0.2.1');
	});

	it('checks at most the free number of simultaneous wrong passwords', async () => {
		const now = new Date('2026-11-24T17:00:00Z');
		const before = await failedChecks();
		const results = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				signIn(database.db, {
					email: 'admin@wetteri.fi',
					password: `parallel guess ${i}`,
					address: '192.0.2.88',
					secret,
					now
				})
			)
		);
		// Every password that was checked left a 'password' failure in the trail.
		expect((await failedChecks()) - before).toBeLessThanOrEqual(FREE_FAILURES);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(
			40 - FREE_FAILURES
		);
	});

	it('validates, slides and invalidates sessions; a disabled user loses them all', async () => {
		const start = new Date('2026-11-01T10:00:00Z');
		const token = generateSessionToken();
		const session = await createSession(database.db, token, userId, true, start);
		const fresh = await validateSessionToken(database.db, token, new Date('2026-11-02T10:00:00Z'));
		expect(fresh.user?.email).toBe('admin@wetteri.fi');
		expect(fresh.extended).toBe(false);
		const slid = await validateSessionToken(database.db, token, new Date('2026-11-20T10:00:00Z'));
		expect(slid.extended).toBe(true);
		expect(slid.session!.expiresAt.getTime()).toBeGreaterThan(session.expiresAt.getTime());
		expect((await validateSessionToken(database.db, 'x'.repeat(32))).session).toBeNull();

		// Only the hash is stored: the token itself is nowhere in the table.
		const rows = await database.db.select().from(staffSession);
		expect(JSON.stringify(rows)).not.toContain(token);

		await invalidateSession(database.db, session.id);
		expect((await validateSessionToken(database.db, token)).session).toBeNull();

		const other = generateSessionToken();
		await createSession(database.db, other, userId, true);
		await users.setDisabled(database.db, userId, true, { kind: 'cli' });
		expect((await validateSessionToken(database.db, other)).session).toBeNull();
		expect(
			await signIn(database.db, {
				email: 'admin@wetteri.fi',
				password: PASSWORD,
				address: '203.0.113.5',
				secret
			})
		).toEqual({ ok: false, reason: 'invalid' });
		await users.setDisabled(database.db, userId, false, { kind: 'cli' });
	});

	it('ends other sessions on a password change', async () => {
		const mine = generateSessionToken();
		const stolen = generateSessionToken();
		const kept = await createSession(database.db, mine, userId, true);
		await createSession(database.db, stolen, userId, true);
		const result = await users.setPassword(
			database.db,
			userId,
			'uusi-pitka-salasana-42',
			{ kind: 'staff', id: userId },
			kept.id
		);
		expect(result).toEqual({ ok: true });
		expect((await validateSessionToken(database.db, mine)).session).not.toBeNull();
		expect((await validateSessionToken(database.db, stolen)).session).toBeNull();
	});

	it('keeps the audit trail append-only', async () => {
		await expect(database.db.update(auditEvent).set({ action: 'x' })).rejects.toThrow();
		await expect(database.db.delete(auditEvent)).rejects.toThrow();
		const [row] = await database.db.select().from(auditEvent).limit(1);
		expect(row?.action).not.toBe('x');
		// The retention job, inside its own marked transaction, may remove what has expired.
		await database.db.transaction(async (tx) => {
			await tx.execute(sql`SET LOCAL ilmo.maintenance = 'retention'`);
			await tx.delete(auditEvent).where(eq(auditEvent.id, row!.id));
		});
		const left = await database.db.select().from(auditEvent).where(eq(auditEvent.id, row!.id));
		expect(left).toHaveLength(0);
		// The mark ends with its transaction.
		await expect(database.db.delete(auditEvent)).rejects.toThrow();
	});
});
