import * as audit from '../audit';
import { verifyPassword } from '../auth/password';
import { recordFailure, retryAfter, throttleKeys } from '../auth/throttle';
import * as users from '../auth/users';
import type { Db } from '../db';

export type Reauthentication =
	| { ok: true }
	| { ok: false; reason: 'wrongPassword' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * The admin types their password again before an erasure, so a borrowed session cannot destroy
 * data. Failures count against the sign-in throttle of the account (as the account page's own
 * check does), so this form is no unthrottled way to guess the password.
 */
export async function reauthenticate(
	db: Db,
	userId: string,
	password: string,
	now: Date = new Date()
): Promise<Reauthentication> {
	const user = await users.findById(db, userId);
	if (!user || user.disabledAt) return { ok: false, reason: 'wrongPassword' };
	const { account } = throttleKeys(user.email, '', '', now);
	const wait = await retryAfter(db, [account], now);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	if (await verifyPassword(user.passwordHash, password)) return { ok: true };
	await recordFailure(db, [account], now);
	await audit.record(db, {
		action: 'staff.reauthentication_failed',
		actor: { kind: 'staff', id: userId },
		subject: { type: 'staff_user', id: userId }
	});
	return { ok: false, reason: 'wrongPassword' };
}
