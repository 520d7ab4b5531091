import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { signInThrottle } from '../db/schema';
import { hashAddress } from '../rate-limit';

/** Failures allowed before each further attempt has to wait. */
export const FREE_FAILURES = 5;
const FIRST_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 15 * 60;

/** Keys for one attempt: the account named (known or not, so both answer alike) and the address. */
export function throttleKeys(email: string, address: string, secret: string, now: Date) {
	const account = encodeHexLowerCase(sha256(new TextEncoder().encode(email.trim().toLowerCase())));
	return { account: `account:${account}`, address: `address:${hashAddress(secret, address, now)}` };
}

/** 15 s after the fifth failure, doubling each time, at most 15 minutes. */
export function delaySeconds(failures: number): number {
	if (failures < FREE_FAILURES) return 0;
	return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES));
}

export async function retryAfter(db: Db, keys: string[], now: Date = new Date()): Promise<number> {
	const rows = await db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
	const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
	return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(db: Db, keys: string[], now: Date = new Date()) {
	for (const key of keys) {
		const [row] = await db
			.insert(signInThrottle)
			.values({ key, failures: 1, updatedAt: now })
			.onConflictDoUpdate({
				target: signInThrottle.key,
				set: { failures: sql`${signInThrottle.failures} + 1`, updatedAt: now }
			})
			.returning({ failures: signInThrottle.failures });
		const wait = delaySeconds(row!.failures);
		if (wait > 0) {
			await db
				.update(signInThrottle)
				.set({ blockedUntil: new Date(now.getTime() + wait * 1000) })
				.where(eq(signInThrottle.key, key));
		}
	}
}

export async function clearFailures(db: Db, key: string) {
	await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
