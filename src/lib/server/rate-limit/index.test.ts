import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { rateLimit } from '../db/schema';
import { addressBlock, hashAddress, hit, purgeExpired } from './index';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const limit = { max: 3, windowSeconds: 600 };
const secret = 'test-secret';

describe('hashAddress', () => {
	it('never contains the address and changes with the day', () => {
		const monday = new Date('2026-11-23T12:00:00Z');
		const tuesday = new Date('2026-11-24T12:00:00Z');
		const a = hashAddress(secret, '203.0.113.7', monday);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(a).toBe(hashAddress(secret, '203.0.113.7', new Date('2026-11-23T23:00:00Z')));
		expect(a).not.toBe(hashAddress(secret, '203.0.113.7', tuesday));
		expect(a).not.toBe(hashAddress('other-secret', '203.0.113.7', monday));
	});
});

describe('addressBlock', () => {
	it('counts an IPv6 /64 as one client, and IPv4 per address', () => {
		// One home router hands its devices a whole /64: every address in it is the same client.
		const a = addressBlock('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
		expect(addressBlock('2001:0db8:0001:0002::1')).toBe(a);
		expect(addressBlock('2001:DB8:1:2:ffff::')).toBe(a);
		expect(addressBlock('2001:db8:1:3::1')).not.toBe(a);
		expect(addressBlock('::1')).toBe('0:0:0:0::/64');
		expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
	});
});

describe.each(DATABASE_KINDS)('rate limits on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('allows max hits per window per address, then refuses with the time left', async () => {
		const now = new Date('2026-11-24T10:01:00Z');
		const results = [];
		for (let i = 0; i < 5; i++) {
			results.push(
				await hit(database.db, { bucket: 'signup', address: '198.51.100.1', limit, secret, now })
			);
		}
		expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
		expect(results[3]!.retryAfterSeconds).toBe(540);
		const other = await hit(database.db, {
			bucket: 'signup',
			address: '198.51.100.2',
			limit,
			secret,
			now
		});
		expect(other.allowed).toBe(true);
		const nextWindow = await hit(database.db, {
			bucket: 'signup',
			address: '198.51.100.1',
			limit,
			secret,
			now: new Date('2026-11-24T10:10:00Z')
		});
		expect(nextWindow.allowed).toBe(true);
	});

	it('counts exactly under concurrency', async () => {
		const now = new Date('2026-11-24T11:00:00Z');
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				hit(database.db, { bucket: 'burst', address: '192.0.2.9', limit, secret, now })
			)
		);
		expect(results.filter((r) => r.allowed)).toHaveLength(3);
	});

	it('stores no address and removes ended windows', async () => {
		const rows = await database.db.select().from(rateLimit);
		expect(JSON.stringify(rows)).not.toContain('198.51.100');
		const removed = await purgeExpired(database.db, new Date('2026-11-24T12:00:00Z'));
		expect(removed).toBeGreaterThan(0);
		expect(await database.db.select().from(rateLimit)).toHaveLength(0);
	});
});
