import { normaliseEmail } from '../person/email';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { signInThrottle } from '../db/schema';
import { addressBlock, hashAddress } from '../rate-limit';

/** Failures allowed on one account from one address before each further attempt has to wait. */
export const FREE_FAILURES = 5;
/**
 * Failures one address may have across all accounts: looser, as an office behind one address has
 * many people, but it still stops one machine from trying a list of accounts.
 */
export const ADDRESS_FREE_FAILURES = 20;
const FIRST_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 15 * 60;
/**
 * A count with no attempt for this long starts again from zero, so nobody is held back by old
 * mistakes and the rows can be removed. Longer than the longest wait, so that waiting out a block
 * never resets the count by itself.
 */
export const FAILURE_MEMORY_MINUTES = 60;
const MEMORY_MS = FAILURE_MEMORY_MINUTES * 60_000;

const encoder = new TextEncoder();

/** One counter an attempt is checked against, with how many failures it allows for free. */
export interface ThrottleKey {
	key: string;
	free: number;
}

/**
 * An HMAC under the server key, never a plain hash: an email is easy to guess and hash, and a
 * password typed into the email field by mistake would be recoverable from a plain one.
 */
function keyed(secret: string, purpose: string, text: string): string {
	const purposeKey = hmac(SHA256, encoder.encode(secret), encoder.encode(`ilmo ${purpose}`));
	return encodeHexLowerCase(hmac(SHA256, purposeKey, encoder.encode(text)));
}

/**
 * The keys of one password attempt. The account is counted together with the address, so someone
 * elsewhere typing wrong passwords cannot keep the owner out; the address alone has a looser cap
 * across accounts. Unknown and known accounts are keyed alike, so both answer alike.
 */
export function passwordKeys(
	email: string,
	address: string,
	secret: string,
	now: Date
): { account: ThrottleKey; address: ThrottleKey } {
	const addressHash = hashAddress(secret, addressBlock(address), now);
	const account = keyed(secret, 'sign-in account', normaliseEmail(email));
	return {
		account: { key: `password:${account}:${addressHash}`, free: FREE_FAILURES },
		address: { key: `address:${addressHash}`, free: ADDRESS_FREE_FAILURES }
	};
}

/**
 * The keys of one second-factor attempt. Whoever reaches this step has the password, so the count
 * is the account's alone (from any address, whatever password sign-ins happen meanwhile), and
 * only a passed second factor clears it; the address has its own cap too.
 */
export function secondFactorKeys(
	userId: string,
	address: string,
	secret: string,
	now: Date
): { account: ThrottleKey; address: ThrottleKey } {
	const addressHash = hashAddress(secret, addressBlock(address), now);
	return {
		account: { key: `code:${userId}`, free: FREE_FAILURES },
		address: { key: `code-address:${addressHash}`, free: ADDRESS_FREE_FAILURES }
	};
}

/** Re-entering the password while signed in (account changes, erasure): per user. */
export function reauthenticationKey(userId: string): ThrottleKey {
	return { key: `reauth:${userId}`, free: FREE_FAILURES };
}

/** 15 s once the free failures are used, doubling with each further one, at most 15 minutes. */
export function delaySeconds(failures: number, free: number = FREE_FAILURES): number {
	if (failures < free) return 0;
	return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - free, 16));
}

export type Claim = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts an attempt BEFORE it is checked, in one statement per key: the count goes up unless the
 * key is blocked, and the attempt that uses the last free failure sets the wait at once, as if it
 * fails. Only an attempt whose claim succeeded may be checked; one that then passes calls
 * `clear` or `release`. So simultaneous attempts cannot all read the same old count (as a read
 * followed by a write let them): each one takes its own number, and at most `free` are checked.
 */
export async function claim(
	db: Db | Tx,
	keys: ThrottleKey[],
	now: Date = new Date()
): Promise<Claim> {
	for (const { key, free } of keys) {
		const at = now.toISOString();
		const forgotten = new Date(now.getTime() - MEMORY_MS).toISOString();
		const stale = sql`${signInThrottle.updatedAt} < ${forgotten}::timestamptz`;
		const failures = sql`(CASE WHEN ${stale} THEN 1 ELSE ${signInThrottle.failures} + 1 END)`;
		const [row] = await db
			.insert(signInThrottle)
			.values({
				key,
				failures: 1,
				blockedUntil: blockedUntil(1, free, now),
				updatedAt: now
			})
			.onConflictDoUpdate({
				target: signInThrottle.key,
				set: {
					failures,
					// delaySeconds in SQL, from the new count.
					blockedUntil: sql`CASE WHEN ${failures} < ${free}::int THEN NULL
						ELSE ${at}::timestamptz + make_interval(secs => LEAST(${MAX_DELAY_SECONDS}::int,
							${FIRST_DELAY_SECONDS}::int * power(2, LEAST(${failures} - ${free}::int, 16)))) END`,
					updatedAt: now
				},
				// A blocked key is left as it is: waiting is the only way on, and no attempt is checked.
				setWhere: sql`${signInThrottle.blockedUntil} IS NULL
					OR ${signInThrottle.blockedUntil} <= ${at}::timestamptz OR ${stale}`
			})
			.returning({ failures: signInThrottle.failures });
		if (!row) return { ok: false, retryAfterSeconds: await secondsLeft(db, key, now) };
	}
	return { ok: true };
}

function blockedUntil(failures: number, free: number, now: Date): Date | null {
	const wait = delaySeconds(failures, free);
	return wait > 0 ? new Date(now.getTime() + wait * 1000) : null;
}

async function secondsLeft(db: Db | Tx, key: string, now: Date): Promise<number> {
	const [row] = await db
		.select({ blockedUntil: signInThrottle.blockedUntil })
		.from(signInThrottle)
		.where(eq(signInThrottle.key, key));
	const until = row?.blockedUntil?.getTime() ?? 0;
	// At least a second: the row may have been cleared between the two statements.
	return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

/** After a passed check: the key's count starts again (the account's own keys). */
export async function clear(db: Db | Tx, key: ThrottleKey) {
	await db.delete(signInThrottle).where(eq(signInThrottle.key, key.key));
}

/**
 * After a passed check on a shared key (an address): the attempt no longer counts, so an office
 * signing in all morning is not held back; failures of others on the same key still count.
 */
export async function release(db: Db | Tx, key: ThrottleKey) {
	const failures = sql`GREATEST(${signInThrottle.failures} - 1, 0)`;
	await db
		.update(signInThrottle)
		.set({
			failures,
			blockedUntil: sql`CASE WHEN ${failures} < ${key.free}::int THEN NULL
				ELSE ${signInThrottle.blockedUntil} END`
		})
		.where(eq(signInThrottle.key, key.key));
}

/** Rows with nothing left to remember: no block in force and no attempt within the memory. */
export async function purgeStale(db: Db | Tx, now: Date = new Date()): Promise<number> {
	const rows = await db
		.delete(signInThrottle)
		.where(
			and(
				lt(signInThrottle.updatedAt, new Date(now.getTime() - MEMORY_MS)),
				or(isNull(signInThrottle.blockedUntil), lte(signInThrottle.blockedUntil, now))
			)
		)
		.returning({ key: signInThrottle.key });
	return rows.length;
}
