import { sha256 } from '@oslojs/crypto/sha2';
import {
	decodeBase32IgnorePadding,
	encodeBase32UpperCaseNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { staffRecoveryCode, staffUser } from '../db/schema';
import { decryptTotpKey, encryptTotpKey, rememberSecretKey } from './secret-key';
import { invalidateUserSessions, markSecondFactorVerified } from './session';
import { claim, clear, release, secondFactorKeys } from './throttle';
import type { Actor } from './users';

export const TOTP_ISSUER = 'Ilmo Wetteri Trucks';
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** 160 bits, the HMAC-SHA1 block RFC 4226 recommends. */
const KEY_BYTES = 20;
export const RECOVERY_CODE_COUNT = 10;

export function generateKey(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** The key as authenticator apps take it when typed in by hand. */
export function encodeKey(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key);
}

/** A key posted back from the enrollment form: base32, spaces and case ignored; null if malformed. */
export function decodeKey(text: string): Uint8Array | null {
	const cleaned = text.replace(/\s+/g, '').toUpperCase();
	if (!/^[A-Z2-7]+$/.test(cleaned)) return null;
	try {
		const key = decodeBase32IgnorePadding(cleaned);
		return key.length === KEY_BYTES ? key : null;
	} catch {
		return null;
	}
}

export function keyUri(email: string, key: Uint8Array): string {
	return createTOTPKeyURI(TOTP_ISSUER, email, key, PERIOD_SECONDS, DIGITS);
}

/** The otpauth URI as an SVG data URI, for an <img> the CSP allows (img-src data:). */
export async function qrCodeDataUri(uri: string): Promise<string> {
	// Loaded here, at enrolment, not when the server starts.
	const { default: QRCode } = await import('qrcode');
	const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The 30-second step `now` falls in; a code belongs to one step. */
export function stepAt(now: Date): number {
	return Math.floor(now.getTime() / (PERIOD_SECONDS * 1000));
}

/**
 * The step of a six-digit code for this key at `now`, or one step before or after (phones' clocks
 * drift, and a code typed in the last seconds of its step arrives in the next one); null if none.
 */
export function matchStep(key: Uint8Array, code: string, now: Date = new Date()): number | null {
	if (!/^[0-9]{6}$/.test(code)) return null;
	const step = stepAt(now);
	let matched: number | null = null;
	// All three are checked, so the time taken does not tell which step matched.
	for (const offset of [-1, 0, 1]) {
		if (verifyHOTP(key, BigInt(step + offset), DIGITS, code)) matched = step + offset;
	}
	return matched;
}

export function verifyCode(key: Uint8Array, code: string, now: Date = new Date()): boolean {
	return matchStep(key, code, now) !== null;
}

/** 80 random bits each, shown as XXXX-XXXX-XXXX-XXXX; only their SHA-256 is stored. */
export function generateRecoveryCodes(): string[] {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const text = encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
		return text.match(/.{4}/g)!.join('-');
	});
}

function normaliseRecoveryCode(code: string): string {
	return code.replace(/[\s-]/g, '').toUpperCase();
}

function hashRecoveryCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseRecoveryCode(code))));
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
	const codes = generateRecoveryCodes();
	await tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.userId, userId));
	await tx
		.insert(staffRecoveryCode)
		.values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
	return codes;
}

export type EnableResult =
	| { ok: true; recoveryCodes: string[] }
	| { ok: false; reason: 'invalidKey' | 'invalidCode' | 'alreadyEnabled' };

/**
 * Turns TOTP on once the user has proved, with a code, that their authenticator holds the key.
 * Callers check the right to do so first (account.enableTotp asks for the password). The key is
 * stored encrypted; the code used here cannot sign in again; every session of the user but
 * `keepSessionId` ends, since they were opened without the factor now required. Returns the
 * recovery codes: the only time anyone sees them.
 */
export async function enable(
	db: Db,
	input: {
		userId: string;
		key: string;
		code: string;
		actor: Actor;
		/** ILMO_SECRET_KEY as resolved (secret-key.ts). */
		secretKey: string;
		keepSessionId?: string;
		now?: Date;
	}
): Promise<EnableResult> {
	const key = decodeKey(input.key);
	if (!key) return { ok: false, reason: 'invalidKey' };
	const step = matchStep(key, input.code, input.now);
	if (step === null) return { ok: false, reason: 'invalidCode' };
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(staffUser)
			.set({
				totpKey: encryptTotpKey(input.secretKey, input.userId, encodeKey(key)),
				totpLastStep: step,
				updatedAt: new Date()
			})
			.where(and(eq(staffUser.id, input.userId), isNull(staffUser.totpKey)))
			.returning({ id: staffUser.id });
		if (!updated) return { ok: false as const, reason: 'alreadyEnabled' as const };
		await rememberSecretKey(tx, input.secretKey);
		const recoveryCodes = await replaceRecoveryCodes(tx, input.userId);
		await invalidateUserSessions(tx, input.userId, input.keepSessionId);
		await audit.record(tx, {
			action: 'staff_user.totp_enabled',
			actor: input.actor,
			subject: { type: 'staff_user', id: input.userId }
		});
		return { ok: true as const, recoveryCodes };
	});
}

/**
 * Turns TOTP off and drops the recovery codes. Callers check the right to do so first: the user
 * re-enters their password, an admin resets a lost authenticator, or the server's operator runs
 * `staff:reset-totp`. Every session of the user but `keepSessionId` ends.
 */
export async function disable(
	db: Db,
	userId: string,
	actor: Actor,
	keepSessionId?: string
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(staffUser)
			.set({ totpKey: null, totpLastStep: null, updatedAt: new Date() })
			.where(and(eq(staffUser.id, userId), isNotNull(staffUser.totpKey)))
			.returning({ id: staffUser.id });
		if (!updated) return false;
		await tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.userId, userId));
		await invalidateUserSessions(tx, userId, keepSessionId);
		await audit.record(tx, {
			action: 'staff_user.totp_disabled',
			actor,
			subject: { type: 'staff_user', id: userId },
			details: {
				by: actor.kind === 'staff' ? (actor.id === userId ? 'self' : 'admin') : actor.kind
			}
		});
		return true;
	});
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(staffRecoveryCode)
		.where(and(eq(staffRecoveryCode.userId, userId), isNull(staffRecoveryCode.usedAt)));
	return row?.n ?? 0;
}

export type SecondFactorResult =
	| { ok: true; method: 'totp' }
	| { ok: true; method: 'recoveryCode'; remaining: number }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Accepts a code of `step` only if no code of this step or a later one was accepted before, in one
 * conditional statement: of two simultaneous uses of one code, one passes.
 */
async function takeStep(db: Db, userId: string, step: number): Promise<boolean> {
	const [taken] = await db
		.update(staffUser)
		.set({ totpLastStep: step })
		.where(
			and(
				eq(staffUser.id, userId),
				or(isNull(staffUser.totpLastStep), lt(staffUser.totpLastStep, step))
			)
		)
		.returning({ id: staffUser.id });
	return taken !== undefined;
}

/**
 * The second sign-in step for a session that has passed the password. Each attempt is counted
 * before it is checked (throttle.ts), against the account whatever password sign-ins happen
 * meanwhile and against the address, so the six digits cannot be guessed in parallel or at
 * leisure; only a passed second factor clears the account's count.
 */
export async function verifySecondFactor(
	db: Db,
	input: {
		userId: string;
		sessionId: string;
		code: string;
		/** The client address and the key its hash is made with (ILMO_RATE_KEY). */
		address: string;
		rateKey: string;
		/** ILMO_SECRET_KEY as resolved (secret-key.ts). */
		secretKey: string;
		now?: Date;
	}
): Promise<SecondFactorResult> {
	const now = input.now ?? new Date();
	const [user] = await db.select().from(staffUser).where(eq(staffUser.id, input.userId));
	if (!user) return { ok: false, reason: 'invalid' };
	const subject = { type: 'staff_user', id: user.id };
	const actor = { kind: 'staff' as const, id: user.id };
	const keys = secondFactorKeys(user.id, input.address, input.rateKey, now);

	const claimed = await claim(db, [keys.address, keys.account], now);
	if (!claimed.ok) {
		await audit.record(db, {
			action: 'staff.second_factor_failed',
			actor,
			subject,
			details: { reason: 'throttled' }
		});
		return { ok: false, reason: 'throttled', retryAfterSeconds: claimed.retryAfterSeconds };
	}

	const code = input.code.trim();
	const key = user.totpKey
		? decodeKey(decryptTotpKey(input.secretKey, user.id, user.totpKey))
		: null;
	let result: SecondFactorResult = { ok: false, reason: 'invalid' };
	let failure = key ? 'code' : 'not_enrolled';
	const step = key ? matchStep(key, code, now) : null;
	if (step !== null) {
		if (await takeStep(db, user.id, step)) result = { ok: true, method: 'totp' };
		else failure = 'replayed';
	} else if (key && !/^[0-9]{6}$/.test(code)) {
		// Marked used in the same statement that finds it, so one code cannot pass twice at once.
		const [used] = await db
			.update(staffRecoveryCode)
			.set({ usedAt: now })
			.where(
				and(
					eq(staffRecoveryCode.userId, user.id),
					eq(staffRecoveryCode.codeHash, hashRecoveryCode(code)),
					isNull(staffRecoveryCode.usedAt)
				)
			)
			.returning({ id: staffRecoveryCode.id });
		if (used) {
			const remaining = await unusedRecoveryCodes(db, user.id);
			await audit.record(db, {
				action: 'staff.recovery_code_used',
				actor,
				subject,
				details: { remaining }
			});
			result = { ok: true, method: 'recoveryCode', remaining };
		}
	}

	if (!result.ok) {
		await audit.record(db, {
			action: 'staff.second_factor_failed',
			actor,
			subject,
			details: { reason: failure }
		});
		return result;
	}
	await clear(db, keys.account);
	await release(db, keys.address);
	await markSecondFactorVerified(db, input.sessionId);
	await audit.record(db, {
		action: 'staff.second_factor_passed',
		actor,
		subject,
		details: { method: result.method }
	});
	return result;
}
