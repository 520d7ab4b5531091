import { asc, eq, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import { normaliseEmail } from '../person/email';
import { staffUser, type StaffRole, type StaffUser } from '../db/schema';
import { checkNewPassword, hashPassword, type PasswordProblem } from './password';
import { invalidateUserSessions } from './session';

export type Actor = { kind: 'staff'; id: string } | { kind: 'cli' } | { kind: 'system' };

export interface NewStaffUser {
	email: string;
	displayName: string;
	role: StaffRole;
	password: string;
}

export type CreateResult =
	| { ok: true; user: StaffUser }
	| { ok: false; reason: 'emailTaken' }
	| { ok: false; reason: PasswordProblem };

export async function create(db: Db, input: NewStaffUser, actor: Actor): Promise<CreateResult> {
	const email = normaliseEmail(input.email);
	const problem = checkNewPassword(input.password, [email.split('@')[0] ?? '', input.displayName]);
	if (problem) return { ok: false, reason: problem };
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(staffUser)
			.values({ email, displayName: input.displayName.trim(), role: input.role, passwordHash })
			.onConflictDoNothing({ target: staffUser.email })
			.returning();
		if (!created) return { ok: false as const, reason: 'emailTaken' as const };
		await audit.record(tx, {
			action: 'staff_user.created',
			actor,
			subject: { type: 'staff_user', id: created.id },
			details: { role: input.role }
		});
		return { ok: true as const, user: created };
	});
}

export async function list(db: Db) {
	return db.select().from(staffUser).orderBy(asc(staffUser.displayName));
}

export async function findById(db: Db, id: string) {
	const [row] = await db.select().from(staffUser).where(eq(staffUser.id, id));
	return row ?? null;
}

export async function findByEmail(db: Db, email: string) {
	const [row] = await db
		.select()
		.from(staffUser)
		.where(eq(staffUser.email, normaliseEmail(email)));
	return row ?? null;
}

export async function count(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staffUser);
	return row?.n ?? 0;
}

export async function changeRole(db: Db, id: string, role: StaffRole, actor: Actor) {
	await db.transaction(async (tx) => {
		await tx.update(staffUser).set({ role, updatedAt: new Date() }).where(eq(staffUser.id, id));
		await audit.record(tx, {
			action: 'staff_user.role_changed',
			actor,
			subject: { type: 'staff_user', id },
			details: { role }
		});
	});
}

/** Disabled, never deleted: the audit trail keeps naming who did what. Every session ends at once. */
export async function setDisabled(db: Db, id: string, disabled: boolean, actor: Actor) {
	await db.transaction(async (tx) => {
		await tx
			.update(staffUser)
			.set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
			.where(eq(staffUser.id, id));
		await audit.record(tx, {
			action: disabled ? 'staff_user.disabled' : 'staff_user.enabled',
			actor,
			subject: { type: 'staff_user', id }
		});
	});
	if (disabled) await invalidateUserSessions(db, id);
}

export type PasswordResult = { ok: true } | { ok: false; reason: PasswordProblem };

/**
 * A new password, set by the user or reset by an admin: every other session of the user ends
 * (`keepSessionId` is the session of a user changing their own password).
 */
export async function setPassword(
	db: Db,
	id: string,
	password: string,
	actor: Actor,
	keepSessionId?: string
): Promise<PasswordResult> {
	const user = await findById(db, id);
	if (!user) return { ok: false, reason: 'tooShort' };
	const problem = checkNewPassword(password, [user.email.split('@')[0] ?? '', user.displayName]);
	if (problem) return { ok: false, reason: problem };
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		await tx
			.update(staffUser)
			.set({ passwordHash, updatedAt: new Date() })
			.where(eq(staffUser.id, id));
		await audit.record(tx, {
			action:
				actor.kind === 'staff' && actor.id === id
					? 'staff_user.password_changed'
					: 'staff_user.password_reset',
			actor,
			subject: { type: 'staff_user', id }
		});
	});
	await invalidateUserSessions(db, id, keepSessionId);
	return { ok: true };
}
