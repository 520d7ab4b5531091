import * as audit from '../audit';
import type { Db } from '../db';
import { verifyPassword } from './password';
import { claim, clear, reauthenticationKey } from './throttle';
import * as users from './users';

export type Reauthentication =
	| { ok: true }
	| { ok: false; reason: 'wrongPassword' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Re-entering the password before a sensitive change (the second factor, the password, an
 * erasure), so a borrowed or stolen session cannot lock its owner out or destroy data. Each
 * attempt is counted before the password is checked (throttle.ts), so this form is no way to guess
 * the password, in parallel or otherwise.
 */
export async function reauthenticate(
	db: Db,
	userId: string,
	password: string,
	now: Date = new Date()
): Promise<Reauthentication> {
	const user = await users.findById(db, userId);
	if (!user || user.disabledAt) return { ok: false, reason: 'wrongPassword' };
	const key = reauthenticationKey(userId);
	const claimed = await claim(db, [key], now);
	if (!claimed.ok) {
		return { ok: false, reason: 'throttled', retryAfterSeconds: claimed.retryAfterSeconds };
	}
	if (await verifyPassword(user.passwordHash, password)) {
		await clear(db, key);
		return { ok: true };
	}
	await audit.record(db, {
		action: 'staff.reauthentication_failed',
		actor: { kind: 'staff', id: userId },
		subject: { type: 'staff_user', id: userId }
	});
	return { ok: false, reason: 'wrongPassword' };
}
