import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, isNull, lt, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { staffSession, staffUser, type StaffSession, type StaffUser } from '../db/schema';

/** Per Lucia's guide: 30 days, extended when less than half is left, so active users stay in. */
const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

export const SESSION_COOKIE = 'ilmo_staff_session';

/**
 * Over https the cookie is `__Host-` prefixed: browsers then take it only with Secure, Path=/ and
 * no Domain, so neither a sibling subdomain nor a plain-http page can plant or shadow it. Plain
 * http (development) cannot carry the prefix.
 */
export function sessionCookieName(secure: boolean): string {
	return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** 160 random bits; the cookie carries this, the database only its SHA-256. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Db,
	token: string,
	userId: string,
	secondFactorVerified: boolean,
	now: Date = new Date()
): Promise<StaffSession> {
	const [session] = await db
		.insert(staffSession)
		.values({
			id: sessionIdOf(token),
			userId,
			secondFactorVerified,
			expiresAt: new Date(now.getTime() + SESSION_DAYS * DAY_MS)
		})
		.returning();
	return session!;
}

export type SessionUser = Pick<StaffUser, 'id' | 'email' | 'displayName' | 'role'> & {
	totpEnabled: boolean;
};

export type SessionValidation =
	| { session: StaffSession; user: SessionUser; extended: boolean }
	| { session: null; user: null; extended: false };

/**
 * The session a cookie token belongs to, if still valid and its user is not disabled. Sliding
 * expiry: past half-way the expiry moves 30 days ahead and the caller re-sets the cookie.
 */
export async function validateSessionToken(
	db: Db,
	token: string,
	now: Date = new Date()
): Promise<SessionValidation> {
	const none = { session: null, user: null, extended: false } as const;
	if (!/^[a-z2-7]{32}$/.test(token)) return none;
	const id = sessionIdOf(token);
	const [row] = await db
		.select({ session: staffSession, user: staffUser })
		.from(staffSession)
		.innerJoin(staffUser, eq(staffUser.id, staffSession.userId))
		.where(and(eq(staffSession.id, id), isNull(staffUser.disabledAt)));
	if (!row) return none;
	let { session } = row;
	if (now >= session.expiresAt) {
		await db.delete(staffSession).where(eq(staffSession.id, id));
		return none;
	}
	let extended = false;
	if (now.getTime() >= session.expiresAt.getTime() - (SESSION_DAYS / 2) * DAY_MS) {
		const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
		await db.update(staffSession).set({ expiresAt }).where(eq(staffSession.id, id));
		session = { ...session, expiresAt };
		extended = true;
	}
	const { user } = row;
	return {
		session,
		extended,
		user: {
			id: user.id,
			email: user.email,
			displayName: user.displayName,
			role: user.role,
			totpEnabled: user.totpKey !== null
		}
	};
}

export async function markSecondFactorVerified(db: Db, sessionId: string) {
	await db
		.update(staffSession)
		.set({ secondFactorVerified: true })
		.where(eq(staffSession.id, sessionId));
}

export async function invalidateSession(db: Db, sessionId: string) {
	await db.delete(staffSession).where(eq(staffSession.id, sessionId));
}

/** On a password change or when an account is disabled: every device signs in again. */
export async function invalidateUserSessions(
	db: Db | Tx,
	userId: string,
	exceptSessionId?: string
) {
	await db
		.delete(staffSession)
		.where(
			and(
				eq(staffSession.userId, userId),
				exceptSessionId ? ne(staffSession.id, exceptSessionId) : undefined
			)
		);
}

export async function purgeExpiredSessions(db: Db, now: Date = new Date()) {
	await db.delete(staffSession).where(lt(staffSession.expiresAt, now));
}
