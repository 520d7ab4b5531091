/** What signed-in users do to their own account; each change asks for the password again. */
import type { Db } from '../db';
import type { PasswordProblem } from './password';
import { reauthenticate, type Reauthentication } from './reauthenticate';
import { getSetting } from './settings';
import * as totp from './totp';
import * as users from './users';

export type { Reauthentication };

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

export type EnableTotpResult = Exclude<Reauthentication, { ok: true }> | totp.EnableResult;

/**
 * Turns one's own second factor on: the password first, so a borrowed session cannot tie the
 * account to someone else's authenticator. Every other session of the user ends.
 */
export async function enableTotp(
	db: Db,
	input: {
		userId: string;
		sessionId: string;
		password: string;
		key: string;
		code: string;
		secretKey: string;
		now?: Date;
	}
): Promise<EnableTotpResult> {
	const check = await reauthenticate(db, input.userId, input.password, input.now ?? new Date());
	if (!check.ok) return check;
	return totp.enable(db, {
		userId: input.userId,
		key: input.key,
		code: input.code,
		secretKey: input.secretKey,
		actor: { kind: 'staff', id: input.userId },
		keepSessionId: input.sessionId,
		now: input.now
	});
}

/**
 * Turns one's own second factor off, unless admins are required to have one. Every other session
 * of the user ends.
 */
export async function disableTotp(
	db: Db,
	input: { userId: string; sessionId: string; password: string; now?: Date }
): Promise<DisableTotpResult> {
	const user = await users.findById(db, input.userId);
	if (!user?.totpKey) return { ok: false, reason: 'notEnabled' };
	if (user.role === 'admin' && (await getSetting(db, 'require_totp_admins'))) {
		return { ok: false, reason: 'requiredForAdmins' };
	}
	const check = await reauthenticate(db, input.userId, input.password, input.now ?? new Date());
	if (!check.ok) return check;
	await totp.disable(db, input.userId, { kind: 'staff', id: input.userId }, input.sessionId);
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
