/**
 * What an admin does to other staff accounts. Every change to the admin's own account goes through
 * the account page instead, which asks for the current password: a session left open on a shared
 * computer must not be enough to reset a password, drop a second factor or disable the last admin.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../db';
import type { StaffRole, StaffUser } from '../db/schema';
import type { PasswordProblem } from './password';
import * as totp from './totp';
import * as users from './users';
import { isId } from '../db/ids';

/** 100 random bits in five groups of four, easy to read out over the phone. */
export function generatePassword(): string {
	const text = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(13)));
	return text.slice(0, 20).match(/.{4}/g)!.join('-');
}

/** The list the users page shows. */
export async function list(db: Db): Promise<ListedUser[]> {
	return (await users.list(db)).map(listed);
}

export async function find(db: Db, id: string): Promise<ListedUser | null> {
	const user = isId(id) ? await users.findById(db, id) : null;
	return user ? listed(user) : null;
}

/** A user as the users pages show them; never a password hash or a TOTP key. */
function listed(user: StaffUser) {
	return {
		id: user.id,
		email: user.email,
		displayName: user.displayName,
		role: user.role,
		disabled: user.disabledAt !== null,
		lastSignInAt: user.lastSignInAt,
		totpEnabled: user.totpKey !== null
	};
}

export type ListedUser = ReturnType<typeof listed>;

export type CreateUserResult =
	| { ok: true; id: string; generatedPassword: string | null }
	| { ok: false; reason: 'emailTaken' | PasswordProblem };

/**
 * Runs `attempt` with the given password, or with generated ones: a random one may by rare chance
 * contain the user's name, which checkNewPassword refuses, so a fresh one is drawn then.
 */
async function withPassword<T extends { ok: boolean; reason?: string }>(
	given: string | undefined,
	attempt: (password: string) => Promise<T>
): Promise<{ result: T; generated: string | null }> {
	if (given) return { result: await attempt(given), generated: null };
	for (let tries = 1; ; tries++) {
		const generated = generatePassword();
		const result = await attempt(generated);
		if (result.ok || result.reason !== 'tooCommon' || tries >= 5) return { result, generated };
	}
}

/** Creates an account; without a password one is generated and returned to be shown once. */
export async function createUser(
	db: Db,
	input: { email: string; displayName: string; role: StaffRole; password?: string },
	adminId: string
): Promise<CreateUserResult> {
	const { result, generated } = await withPassword(input.password, (password) =>
		users.create(db, { ...input, password }, { kind: 'staff', id: adminId })
	);
	if (!result.ok) return result;
	return { ok: true, id: result.user.id, generatedPassword: generated };
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'self' | 'notFound' };

async function other(db: Db, id: string, adminId: string) {
	if (id === adminId) return { ok: false as const, reason: 'self' as const };
	const user = isId(id) ? await users.findById(db, id) : null;
	return user ? { ok: true as const, user } : { ok: false as const, reason: 'notFound' as const };
}

export async function changeRole(
	db: Db,
	input: { id: string; role: StaffRole },
	adminId: string
): Promise<ChangeResult> {
	const target = await other(db, input.id, adminId);
	if (!target.ok) return target;
	if (target.user.role !== input.role) {
		await users.changeRole(db, input.id, input.role, { kind: 'staff', id: adminId });
	}
	return { ok: true };
}

/** Disabled, never deleted; an admin never disables their own account (there may be no other). */
export async function setDisabled(
	db: Db,
	input: { id: string; disabled: boolean },
	adminId: string
): Promise<ChangeResult> {
	const target = await other(db, input.id, adminId);
	if (!target.ok) return target;
	if ((target.user.disabledAt !== null) !== input.disabled) {
		await users.setDisabled(db, input.id, input.disabled, { kind: 'staff', id: adminId });
	}
	return { ok: true };
}

export type ResetPasswordResult =
	| { ok: true; generatedPassword: string | null }
	| { ok: false; reason: 'self' | 'notFound' | PasswordProblem };

/** A new password for someone who lost theirs; all their sessions end. */
export async function resetPassword(
	db: Db,
	input: { id: string; password?: string },
	adminId: string
): Promise<ResetPasswordResult> {
	const target = await other(db, input.id, adminId);
	if (!target.ok) return target;
	const { result, generated } = await withPassword(input.password, (password) =>
		users.setPassword(db, input.id, password, { kind: 'staff', id: adminId })
	);
	if (!result.ok) return result;
	return { ok: true, generatedPassword: generated };
}

/** For a lost authenticator without recovery codes: the user signs in with the password alone. */
export async function resetTotp(
	db: Db,
	id: string,
	adminId: string
): Promise<ChangeResult | { ok: false; reason: 'notEnabled' }> {
	const target = await other(db, id, adminId);
	if (!target.ok) return target;
	const done = await totp.disable(db, id, { kind: 'staff', id: adminId });
	return done ? { ok: true } : { ok: false, reason: 'notEnabled' };
}
