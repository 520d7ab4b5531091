import { isIPv6 } from 'node:net';
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { lt, sql } from 'drizzle-orm';
import type { RateLimitSpec } from '../config';
import type { Db, Tx } from '../db';
import { rateLimit } from '../db/schema';

const encoder = new TextEncoder();

/**
 * The part of an address one party controls: an IPv6 host usually has a whole /64 to itself, so
 * counting single addresses there would give each attacker 2^64 fresh counts. IPv4 (also written
 * as IPv4-mapped IPv6) is counted per address.
 */
export function addressBlock(address: string): string {
	const text = address.trim().toLowerCase();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (mapped) return mapped[1]!;
	if (!isIPv6(text)) return text;
	const [head = '', tail = ''] = text.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	// An embedded IPv4 tail takes two groups; only the first four groups matter here anyway.
	const groups = text.includes('::')
		? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
		: left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/**
 * HMAC(address, HMAC(secret, day)): the daily key rotates by itself, so a row from yesterday cannot
 * be matched to an address today even by someone holding the secret and a list of addresses.
 */
export function hashAddress(secret: string, address: string, now: Date): string {
	const day = now.toISOString().slice(0, 10);
	const dailyKey = hmac(SHA256, encoder.encode(secret), encoder.encode(day));
	return encodeHexLowerCase(hmac(SHA256, dailyKey, encoder.encode(address)));
}

export interface HitInput {
	bucket: string;
	/** What is counted: a client address, or another key such as a normalised email (HMAC only). */
	address: string;
	limit: RateLimitSpec;
	secret: string;
	now?: Date;
}

export interface HitResult {
	allowed: boolean;
	retryAfterSeconds: number;
}

export interface HitKey {
	bucket: string;
	keyHash: string;
	windowStart: Date;
	windowEnd: Date;
	now: Date;
}

/** The counter row a hit goes to: its key and the fixed window `now` falls in. */
export function hitKey(input: HitInput): HitKey {
	const now = input.now ?? new Date();
	const windowMs = input.limit.windowSeconds * 1000;
	const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
	return {
		bucket: input.bucket,
		keyHash: hashAddress(input.secret, input.address, now),
		windowStart,
		windowEnd: new Date(windowStart.getTime() + windowMs),
		now
	};
}

/**
 * The answer to a hit, from the count it brought the window to. For a caller that counts the hit
 * in a statement of its own (a sign-up counts it with its look-up: registrations/sign-up.ts).
 */
export function hitOutcome(key: HitKey, limit: RateLimitSpec, hits: number): HitResult {
	const { windowEnd, now } = key;
	const allowed = hits <= limit.max;
	return {
		allowed,
		retryAfterSeconds: allowed
			? 0
			: Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000))
	};
}

/**
 * Counts one request in the current fixed window; one statement, so instances share the count.
 * Inside a transaction the count is undone with it, and concurrent hits on the key wait for it.
 */
export async function hit(db: Db | Tx, input: HitInput): Promise<HitResult> {
	const key = hitKey(input);
	const { bucket, keyHash, windowStart, windowEnd } = key;
	const [row] = await db
		.insert(rateLimit)
		.values({ bucket, keyHash, windowStart, windowEnd, hits: 1 })
		.onConflictDoUpdate({
			target: [rateLimit.bucket, rateLimit.keyHash, rateLimit.windowStart],
			set: { hits: sql`${rateLimit.hits} + 1` }
		})
		.returning({ hits: rateLimit.hits });
	return hitOutcome(key, input.limit, row?.hits ?? 1);
}

/** Rows whose window has ended are of no use and are removed (by the scheduled clean-up). */
export async function purgeExpired(db: Db | Tx, now: Date = new Date()): Promise<number> {
	const removed = await db
		.delete(rateLimit)
		.where(lt(rateLimit.windowEnd, now))
		.returning({ bucket: rateLimit.bucket });
	return removed.length;
}
