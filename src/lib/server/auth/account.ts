/** What signed-in users do to their own account; each change asks for the password again. */
import * as audit from '../audit';
import type { Db } from '../db';
import { verifyPassword, type PasswordProblem } from './password';
import { getSetting } from './settings';
import { recordFailure, retryAfter, throttleKeys } from './throttle';
import * as totp from './totp';
import * as users from './users';

export type Reauthentication =
	| { ok: true }
	| { ok: false; reason: 'wrongPassword' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Re-entering the password before a sensitive change, so a borrowed or stolen session cannot lock
 * its owner out. Failures count against the same throttle as sign-in: otherwise this form would be
 * an unthrottled way to guess the password.
 */
async function reauthenticate(
	db: Db,
	userId: string,
	password: string,
	now: Date
): Promise<Reauthentication> {
	const user = await users.findById(db, userId);
	if (!user) return { ok: false, reason: 'wrongPassword' };
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

export type ChangePasswordResult = Reauthentication | { ok: false; reason: PasswordProblem };

/** A new password of one's own; every other session of the user ends, this one stays. */
export async function changePassword(
	db: Db,
	input: {
		userId: string;
		sessionId: string;
		currentPassword: string;
		newPassword: string;
		now?: Date;
	}
): Promise<ChangePasswordResult> {
	const check = await reauthenticate(
		db,
		input.userId,
		input.currentPassword,
		input.now ?? new Date()
	);
	if (!check.ok) return check;
	return users.setPassword(
		db,
		input.userId,
		input.newPassword,
		{ kind: 'staff', id: input.userId },
		input.sessionId
	);
}

export type DisableTotpResult =
	Reauthentication | { ok: false; reason: 'requiredForAdmins' | 'notEnabled' };

/** Turns one's own second factor off, unless admins are required to have one. */
export async function disableTotp(
	db: Db,
	input: { userId: string; password: string; now?: Date }
): Promise<DisableTotpResult> {
	const user = await users.findById(db, input.userId);
	if (!user?.totpKey) return { ok: false, reason: 'notEnabled' };
	if (user.role === 'admin' && (await getSetting(db, 'require_totp_admins'))) {
		return { ok: false, reason: 'requiredForAdmins' };
	}
	const check = await reauthenticate(db, input.userId, input.password, input.now ?? new Date());
	if (!check.ok) return check;
	await totp.disable(db, input.userId, { kind: 'staff', id: input.userId });
	return { ok: true };
}

/** Whether this user must enroll TOTP before doing anything else. */
export async function mustEnrollTotp(
	db: Db,
	user: { role: string; totpEnabled: boolean }
): Promise<boolean> {
	if (user.role !== 'admin' || user.totpEnabled) return false;
	return getSetting(db, 'require_totp_admins');
}
