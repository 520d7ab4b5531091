import { normaliseEmail } from '../person/email';
import { eq } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import { staffUser } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { claim, clear, passwordKeys, release } from './throttle';

export interface SignInInput {
	email: string;
	password: string;
	address: string;
	/** Key for the HMACs of the typed email and the address (ILMO_RATE_KEY). */
	secret: string;
	now?: Date;
}

export type SignInResult =
	| { ok: true; userId: string; needsSecondFactor: boolean }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

// Verified against when the email is unknown, so both cases take the same time.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a staff sign-in. Unknown email, wrong password and disabled account all answer 'invalid'
 * alike; every outcome is audited. The attempt is counted before the password is checked
 * (throttle.ts), so simultaneous guesses get no more checks than sequential ones; the count is
 * per account and address, so nobody elsewhere can keep the owner out.
 */
export async function signIn(db: Db, input: SignInInput): Promise<SignInResult> {
	const now = input.now ?? new Date();
	const email = normaliseEmail(input.email);
	const keys = passwordKeys(email, input.address, input.secret, now);
	const [user] = await db.select().from(staffUser).where(eq(staffUser.email, email));

	const claimed = await claim(db, [keys.address, keys.account], now);
	if (!claimed.ok) {
		await audit.record(db, {
			action: 'staff.sign_in_throttled',
			actor: { kind: 'anonymous' },
			subject: user ? { type: 'staff_user', id: user.id } : undefined
		});
		return { ok: false, reason: 'throttled', retryAfterSeconds: claimed.retryAfterSeconds };
	}

	decoyHash ??= hashPassword('decoy password that never matches');
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: (await verifyPassword(await decoyHash, input.password), false);
	if (!user || !valid || user.disabledAt) {
		await audit.record(db, {
			action: 'staff.sign_in_failed',
			actor: { kind: 'anonymous' },
			subject: user ? { type: 'staff_user', id: user.id } : undefined,
			details: { reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'password' }
		});
		return { ok: false, reason: 'invalid' };
	}

	// The second factor's count is left alone: a new password sign-in must not buy fresh guesses.
	await clear(db, keys.account);
	await release(db, keys.address);
	await db.update(staffUser).set({ lastSignInAt: now }).where(eq(staffUser.id, user.id));
	await audit.record(db, {
		action: 'staff.signed_in',
		actor: { kind: 'staff', id: user.id },
		subject: { type: 'staff_user', id: user.id },
		details: { secondFactorPending: user.totpKey !== null }
	});
	return { ok: true, userId: user.id, needsSecondFactor: user.totpKey !== null };
}
