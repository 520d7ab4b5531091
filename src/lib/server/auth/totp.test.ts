import { generateHOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { auditEvent, staffRecoveryCode, staffSession, staffUser } from '../db/schema';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import { signIn } from './sign-in';
import { ADDRESS_FREE_FAILURES, FREE_FAILURES } from './throttle';
import * as totp from './totp';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const NOW = new Date('2026-11-24T12:00:10Z');
const SECRET_KEY = 'test-secret-key-0123456789-abcdefghij';
/** Where second-factor attempts come from in these tests, and the key of the address hashes. */
const FROM = { address: '192.0.2.50', rateKey: 'test-rate-key', secretKey: SECRET_KEY };

/** The code an authenticator would show `steps` periods away from `at`. */
function codeAt(key: Uint8Array, at: Date, steps = 0): string {
	return generateHOTP(key, BigInt(Math.floor(at.getTime() / 30_000) + steps), 6);
}

/** A six-digit code that is not valid at `at`. */
function wrongCode(key: Uint8Array, at: Date): string {
	const valid = [-1, 0, 1].map((steps) => codeAt(key, at, steps));
	return ['111111', '222222', '333333', '444444'].find((code) => !valid.includes(code))!;
}

describe('TOTP keys and codes', () => {
	it('round-trips a 160-bit key through base32 and refuses anything else', () => {
		const key = totp.generateKey();
		expect(key).toHaveLength(20);
		const text = totp.encodeKey(key);
		expect(text).toMatch(/^[A-Z2-7]{32}$/);
		expect(totp.decodeKey(text.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(key);
		expect(totp.decodeKey('AAAA')).toBeNull();
		expect(totp.decodeKey('not base32 at all!')).toBeNull();
	});

	it('names the issuer and the account in the otpauth URI', () => {
		const key = totp.generateKey();
		const uri = new URL(totp.keyUri('aino@wetteri.fi', key));
		expect(uri.protocol).toBe('otpauth:');
		expect(uri.host).toBe('totp');
		expect(decodeURIComponent(uri.pathname)).toBe('/Ilmo Wetteri Trucks:aino@wetteri.fi');
		expect(uri.searchParams.get('issuer')).toBe('Ilmo Wetteri Trucks');
		expect(uri.searchParams.get('secret')).toBe(totp.encodeKey(key));
		expect(uri.searchParams.get('digits')).toBe('6');
		expect(uri.searchParams.get('period')).toBe('30');
	});

	it('draws the QR code as an SVG data URI', async () => {
		const uri = await totp.qrCodeDataUri(totp.keyUri('aino@wetteri.fi', totp.generateKey()));
		expect(uri).toMatch(/^data:image\/svg\+xml;base64,/);
		expect(Buffer.from(uri.split(',')[1]!, 'base64').toString()).toContain('<svg');
	});

	it('accepts the current code and one step either side, nothing further', () => {
		const key = totp.generateKey();
		for (const steps of [-1, 0, 1])
			expect(totp.verifyCode(key, codeAt(key, NOW, steps), NOW)).toBe(true);
		for (const steps of [-3, -2, 2, 3]) {
			const code = codeAt(key, NOW, steps);
			// A code from further away may by chance equal one inside the window.
			const inside = [-1, 0, 1].some((s) => codeAt(key, NOW, s) === code);
			expect(totp.verifyCode(key, code, NOW)).toBe(inside);
		}
		expect(totp.verifyCode(key, '12345', NOW)).toBe(false);
		expect(totp.verifyCode(key, 'abcdef', NOW)).toBe(false);
	});

	it('makes ten distinct recovery codes the second-step form accepts', () => {
		const codes = totp.generateRecoveryCodes();
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
	});
});

describe.each(DATABASE_KINDS)('second factor on %s', (kind) => {
	let database: Database;
	let userId: string;
	const key = totp.generateKey();
	let recoveryCodes: string[] = [];

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const created = await users.create(
			database.db,
			{
				email: 'tove.totp@wetteri.fi',
				displayName: 'Tove',
				role: 'admin',
				password: 'kaksi-vaihetta-2026'
			},
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		userId = created.user.id;
	});
	afterAll(async () => {
		await database?.close();
	});

	const actions = async () =>
		(await database.db.select().from(auditEvent).where(eq(auditEvent.subjectId, userId))).map(
			(e) => e.action
		);

	async function newSession() {
		const token = generateSessionToken();
		const session = await createSession(database.db, token, userId, false);
		return { token, session };
	}

	it('enables TOTP only with a code from the key, and only once', async () => {
		const input = {
			userId,
			key: totp.encodeKey(key),
			actor: { kind: 'cli' } as const,
			secretKey: SECRET_KEY,
			now: NOW
		};
		expect(await totp.enable(database.db, { ...input, code: wrongCode(key, NOW) })).toEqual({
			ok: false,
			reason: 'invalidCode'
		});
		expect(
			await totp.enable(database.db, { ...input, key: 'AAAA', code: codeAt(key, NOW) })
		).toEqual({
			ok: false,
			reason: 'invalidKey'
		});
		const enabled = await totp.enable(database.db, { ...input, code: codeAt(key, NOW) });
		if (!enabled.ok) throw new Error(enabled.reason);
		recoveryCodes = enabled.recoveryCodes;
		expect(recoveryCodes).toHaveLength(10);
		expect(await totp.enable(database.db, { ...input, code: codeAt(key, NOW) })).toEqual({
			ok: false,
			reason: 'alreadyEnabled'
		});
		// Only hashes are stored.
		const stored = await database.db.select().from(staffRecoveryCode);
		expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replaceAll('-', ''));
		expect(await actions()).toContain('staff_user.totp_enabled');
	});

	it('verifies the session with a current code', async () => {
		const { token, session } = await newSession();
		expect((await validateSessionToken(database.db, token)).session?.secondFactorVerified).toBe(
			false
		);
		const result = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId: session.id,
			code: codeAt(key, NOW, 1),
			now: NOW
		});
		expect(result).toEqual({ ok: true, method: 'totp' });
		expect((await validateSessionToken(database.db, token)).session?.secondFactorVerified).toBe(
			true
		);
		expect(await actions()).toContain('staff.second_factor_passed');
	});

	it('takes each recovery code once, with or without dashes and in any case', async () => {
		const { session } = await newSession();
		const code = recoveryCodes[3]!;
		const first = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId: session.id,
			code: code.replaceAll('-', '').toLowerCase(),
			now: NOW
		});
		expect(first).toEqual({ ok: true, method: 'recoveryCode', remaining: 9 });
		const again = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId: (await newSession()).session.id,
			code,
			now: NOW
		});
		expect(again).toEqual({ ok: false, reason: 'invalid' });
		expect(await totp.unusedRecoveryCodes(database.db, userId)).toBe(9);
		expect(await actions()).toContain('staff.recovery_code_used');
	});

	it('counts wrong codes against the sign-in throttle', async () => {
		const { token, session } = await newSession();
		const later = new Date(NOW.getTime() + 3_600_000);
		const wrong = wrongCode(key, later);
		// One wrong code was already counted by the reused recovery code above.
		for (let i = 1; i < FREE_FAILURES; i++) {
			const result = await totp.verifySecondFactor(database.db, {
				...FROM,
				userId,
				sessionId: session.id,
				code: wrong,
				now: later
			});
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId: session.id,
			code: codeAt(key, later),
			now: later
		});
		expect(blocked).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 15 });
		expect((await validateSessionToken(database.db, token)).session?.secondFactorVerified).toBe(
			false
		);
		expect((await actions()).filter((a) => a === 'staff.second_factor_failed').length).toBe(
			FREE_FAILURES + 1
		);
		const afterWait = new Date(later.getTime() + 16_000);
		expect(
			await totp.verifySecondFactor(database.db, {
				...FROM,
				userId,
				sessionId: session.id,
				code: codeAt(key, afterWait),
				now: afterWait
			})
		).toEqual({ ok: true, method: 'totp' });
	});

	it('disables TOTP and forgets key and recovery codes', async () => {
		expect(await totp.disable(database.db, userId, { kind: 'cli' })).toBe(true);
		expect(await totp.disable(database.db, userId, { kind: 'cli' })).toBe(false);
		const [user] = await database.db.select().from(staffUser).where(eq(staffUser.id, userId));
		expect(user?.totpKey).toBeNull();
		expect(await totp.unusedRecoveryCodes(database.db, userId)).toBe(0);
		expect(await actions()).toContain('staff_user.totp_disabled');
		// Without a key no code passes, not even an old recovery code.
		const result = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId: (await newSession()).session.id,
			code: recoveryCodes[0]!,
			now: new Date(NOW.getTime() + 7_200_000)
		});
		expect(result).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe.each(DATABASE_KINDS)('second factor under attack on %s', (kind) => {
	let database: Database;
	let serial = 0;

	beforeAll(async () => {
		database = await openTestDatabase(kind, { maxConnections: 8 });
	});
	afterAll(async () => {
		await database?.close();
	});

	/** A user with TOTP on (unless `enrolled` is false) and a session waiting at the code step. */
	async function pendingUser(enrolled = true) {
		serial++;
		const created = await users.create(
			database.db,
			{
				email: `hyokkaaja${serial}@wetteri.fi`,
				displayName: `Testaaja ${serial}`,
				role: 'staff',
				password: 'kaksi-vaihetta-2026'
			},
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		const userId = created.user.id;
		const key = totp.generateKey();
		if (enrolled) {
			// Enrolled an hour before NOW, so every code around NOW is still unused.
			const then = new Date(NOW.getTime() - 3_600_000);
			const enabled = await totp.enable(database.db, {
				userId,
				key: totp.encodeKey(key),
				code: codeAt(key, then),
				actor: { kind: 'cli' },
				secretKey: SECRET_KEY,
				now: then
			});
			if (!enabled.ok) throw new Error(enabled.reason);
		}
		const session = await createSession(database.db, generateSessionToken(), userId, false);
		return { userId, key, sessionId: session.id };
	}

	/** Second-factor failures by reason: each code actually checked leaves one 'code' row. */
	async function failures(userId: string) {
		const rows = await database.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.subjectId, userId));
		const reasons = rows
			.filter((r) => r.action === 'staff.second_factor_failed')
			.map((r) => (r.details as { reason: string }).reason);
		return (reason: string) => reasons.filter((r) => r === reason).length;
	}

	it('checks at most the free number of 100 simultaneous guesses', async () => {
		const { userId, key, sessionId } = await pendingUser();
		const valid = [-1, 0, 1].map((steps) => codeAt(key, NOW, steps));
		const guesses = Array.from({ length: 120 }, (_, i) => String(100000 + i * 7919).slice(-6))
			.filter((code) => !valid.includes(code))
			.slice(0, 100);
		// Each from its own address, as from many machines: only the account's count can stop them.
		const results = await Promise.all(
			guesses.map((code, i) =>
				totp.verifySecondFactor(database.db, {
					...FROM,
					address: `198.51.100.${i}`,
					userId,
					sessionId,
					code,
					now: NOW
				})
			)
		);
		const count = await failures(userId);
		expect(count('code')).toBeLessThanOrEqual(FREE_FAILURES);
		expect(count('code') + count('throttled')).toBe(guesses.length);
		expect(results.filter((r) => r.ok)).toHaveLength(0);
		// The right code now waits too: the guesses bought nothing.
		const right = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId,
			code: codeAt(key, NOW),
			now: NOW
		});
		expect(right).toMatchObject({ ok: false, reason: 'throttled' });
	});

	it('keeps code failures across a fresh password sign-in', async () => {
		const { userId, key, sessionId } = await pendingUser();
		const email = `hyokkaaja${serial}@wetteri.fi`;
		const attempt = (code: string) =>
			totp.verifySecondFactor(database.db, { ...FROM, userId, sessionId, code, now: NOW });
		for (let i = 1; i < FREE_FAILURES; i++) {
			expect(await attempt(wrongCode(key, NOW))).toEqual({ ok: false, reason: 'invalid' });
		}
		const again = await signIn(database.db, {
			email,
			password: 'kaksi-vaihetta-2026',
			address: FROM.address,
			secret: FROM.rateKey,
			now: NOW
		});
		expect(again).toMatchObject({ ok: true, needsSecondFactor: true });
		expect(await attempt(wrongCode(key, NOW))).toEqual({ ok: false, reason: 'invalid' });
		expect(await attempt(codeAt(key, NOW))).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 15
		});
	});

	it('never takes a code twice, not even twice at once', async () => {
		const { userId, key, sessionId } = await pendingUser();
		const attempt = (code: string, at = NOW) =>
			totp.verifySecondFactor(database.db, { ...FROM, userId, sessionId, code, now: at });
		const code = codeAt(key, NOW);
		const both = await Promise.all([attempt(code), attempt(code)]);
		expect(both.filter((r) => r.ok)).toHaveLength(1);
		// Still inside its window a few seconds on, and still refused; so is an older step's code.
		expect(await attempt(code, new Date(NOW.getTime() + 5_000))).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await attempt(codeAt(key, NOW, -1))).toEqual({ ok: false, reason: 'invalid' });
		expect((await failures(userId))('replayed')).toBeGreaterThanOrEqual(2);
		// The next step's code is new, so it passes.
		expect(await attempt(codeAt(key, NOW, 1))).toEqual({ ok: true, method: 'totp' });
	});

	it('refuses the code that enrolled the authenticator', async () => {
		const { userId, key, sessionId } = await pendingUser(false);
		await totp.enable(database.db, {
			userId,
			key: totp.encodeKey(key),
			code: codeAt(key, NOW),
			actor: { kind: 'cli' },
			secretKey: SECRET_KEY,
			now: NOW
		});
		const result = await totp.verifySecondFactor(database.db, {
			...FROM,
			userId,
			sessionId,
			code: codeAt(key, NOW),
			now: NOW
		});
		expect(result).toEqual({ ok: false, reason: 'invalid' });
	});

	it('caps code attempts per address across accounts', async () => {
		const address = '203.0.113.200';
		const at = new Date(NOW.getTime() + 7_200_000);
		// Four failures each on five accounts: the address's free failures, all used.
		for (let n = 0; n < ADDRESS_FREE_FAILURES / (FREE_FAILURES - 1); n++) {
			const { userId, key, sessionId } = await pendingUser();
			for (let i = 1; i < FREE_FAILURES; i++) {
				const result = await totp.verifySecondFactor(database.db, {
					...FROM,
					address,
					userId,
					sessionId,
					code: wrongCode(key, at),
					now: at
				});
				expect(result).toEqual({ ok: false, reason: 'invalid' });
			}
		}
		const next = await pendingUser();
		const input = { ...FROM, userId: next.userId, sessionId: next.sessionId, now: at };
		expect(
			await totp.verifySecondFactor(database.db, {
				...input,
				address,
				code: codeAt(next.key, at)
			})
		).toMatchObject({ ok: false, reason: 'throttled' });
		expect(
			await totp.verifySecondFactor(database.db, { ...input, code: codeAt(next.key, at) })
		).toEqual({ ok: true, method: 'totp' });
	});

	it('stores the key encrypted and ends the other sessions when the factor changes', async () => {
		const { userId, key } = await pendingUser(false);
		const mine = await createSession(database.db, generateSessionToken(), userId, true);
		const otherToken = generateSessionToken();
		await createSession(database.db, otherToken, userId, true);
		await totp.enable(database.db, {
			userId,
			key: totp.encodeKey(key),
			code: codeAt(key, NOW),
			actor: { kind: 'staff', id: userId },
			secretKey: SECRET_KEY,
			keepSessionId: mine.id,
			now: NOW
		});
		const [row] = await database.db.select().from(staffUser).where(eq(staffUser.id, userId));
		expect(row?.totpKey).toMatch(/^v1:/);
		expect(row?.totpKey).not.toContain(totp.encodeKey(key));
		const alive = async () =>
			(await database.db.select().from(staffSession).where(eq(staffSession.userId, userId))).map(
				(s) => s.id
			);
		expect(await alive()).toEqual([mine.id]);
		const again = generateSessionToken();
		await createSession(database.db, again, userId, true);
		// An admin's reset ends every session of the user.
		expect(await totp.disable(database.db, userId, { kind: 'cli' })).toBe(true);
		expect(await alive()).toEqual([]);
	});
});
