import { sha256 } from '@oslojs/crypto/sha2';
import {
	decodeBase32IgnorePadding,
	encodeBase32UpperCaseNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { staffRecoveryCode, staffUser } from '../db/schema';
import { markSecondFactorVerified } from './session';
import { clearFailures, recordFailure, retryAfter, throttleKeys } from './throttle';
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
	const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * A six-digit code for this key at `now`, or one step before or after: phones' clocks drift, and a
 * code typed in the last seconds of its step arrives in the next one.
 */
export function verifyCode(key: Uint8Array, code: string, now: Date = new Date()): boolean {
	if (!/^[0-9]{6}$/.test(code)) return false;
	const step = BigInt(Math.floor(now.getTime() / (PERIOD_SECONDS * 1000)));
	let valid = false;
	// All three are checked, so the time taken does not tell which step matched.
	for (const offset of [-1n, 0n, 1n]) valid = verifyHOTP(key, step + offset, DIGITS, code) || valid;
	return valid;
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
 * Returns the recovery codes: the only time anyone sees them.
 */
export async function enable(
	db: Db,
	input: { userId: string; key: string; code: string; actor: Actor; now?: Date }
): Promise<EnableResult> {
	const key = decodeKey(input.key);
	if (!key) return { ok: false, reason: 'invalidKey' };
	if (!verifyCode(key, input.code, input.now)) return { ok: false, reason: 'invalidCode' };
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(staffUser)
			.set({ totpKey: encodeKey(key), updatedAt: new Date() })
			.where(and(eq(staffUser.id, input.userId), isNull(staffUser.totpKey)))
			.returning({ id: staffUser.id });
		if (!updated) return { ok: false as const, reason: 'alreadyEnabled' as const };
		const recoveryCodes = await replaceRecoveryCodes(tx, input.userId);
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
 * re-enters their password, or an admin resets a lost authenticator.
 */
export async function disable(db: Db, userId: string, actor: Actor): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(staffUser)
			.set({ totpKey: null, updatedAt: new Date() })
			.where(and(eq(staffUser.id, userId), isNotNull(staffUser.totpKey)))
			.returning({ id: staffUser.id });
		if (!updated) return false;
		await tx.delete(staffRecoveryCode).where(eq(staffRecoveryCode.userId, userId));
		await audit.record(tx, {
			action: 'staff_user.totp_disabled',
			actor,
			subject: { type: 'staff_user', id: userId },
			details: { by: actor.kind === 'staff' && actor.id === userId ? 'self' : 'admin' }
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
 * The second sign-in step for a session that has passed the password. A wrong code counts against
 * the account's sign-in throttle, so the six digits cannot be guessed at leisure.
 */
export async function verifySecondFactor(
	db: Db,
	input: { userId: string; sessionId: string; code: string; now?: Date }
): Promise<SecondFactorResult> {
	const now = input.now ?? new Date();
	const [user] = await db.select().from(staffUser).where(eq(staffUser.id, input.userId));
	if (!user) return { ok: false, reason: 'invalid' };
	const subject = { type: 'staff_user', id: user.id };
	const actor = { kind: 'staff' as const, id: user.id };
	// Only the account key: the address was already counted at the password step.
	const { account } = throttleKeys(user.email, '', '', now);

	const wait = await retryAfter(db, [account], now);
	if (wait > 0) {
		await audit.record(db, {
			action: 'staff.second_factor_failed',
			actor,
			subject,
			details: { reason: 'throttled' }
		});
		return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	}

	const code = input.code.trim();
	const key = user.totpKey ? decodeKey(user.totpKey) : null;
	let result: SecondFactorResult = { ok: false, reason: 'invalid' };
	if (key && verifyCode(key, code, now)) {
		result = { ok: true, method: 'totp' };
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
		await recordFailure(db, [account], now);
		await audit.record(db, {
			action: 'staff.second_factor_failed',
			actor,
			subject,
			details: { reason: key ? 'code' : 'not_enrolled' }
		});
		return result;
	}
	await clearFailures(db, account);
	await markSecondFactorVerified(db, input.sessionId);
	await audit.record(db, {
		action: 'staff.second_factor_passed',
		actor,
		subject,
		details: { method: result.method }
	});
	return result;
}
