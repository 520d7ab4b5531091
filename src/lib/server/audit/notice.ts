import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { auditEvent } from '../db/schema';

/** The sign-in that opened this session, and one more: staff see the notice twice, then no more. */
const NOTICE_SIGN_INS = 2;

/**
 * Whether the staff logging notice still belongs on the dashboard: the user has signed in at most
 * once before this session. Counted from the trail itself (`staff.signed_in`, sign-in.ts), so
 * nothing new is stored and no "dismissed" flag can drift from what happened. The count stops at
 * one past the limit: a long-serving account costs a probe of the actor index, not a full count.
 */
export async function showsLoggingNotice(db: Db, userId: string): Promise<boolean> {
	const signIns = db
		.select({ one: sql`1` })
		.from(auditEvent)
		.where(and(eq(auditEvent.actorId, userId), eq(auditEvent.action, 'staff.signed_in')))
		.limit(NOTICE_SIGN_INS + 1)
		.as('sign_ins');
	const [counted] = await db.select({ count: sql<number>`count(*)::int` }).from(signIns);
	return (counted?.count ?? 0) <= NOTICE_SIGN_INS;
}
