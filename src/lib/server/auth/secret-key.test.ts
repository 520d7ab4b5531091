import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { appMeta, staffUser } from '../db/schema';
import {
	checkSecretKey,
	decryptTotpKey,
	encryptTotpKey,
	KEY_CHECK,
	resolveSecretKey,
	SecretKeyError
} from './secret-key';
import * as totp from './totp';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const SECRET = 'test-secret-key-0123456789-abcdefghij';
const OTHER = 'another-secret-key-0123456789-abcdefg';

describe('the secret key', () => {
	it('is ILMO_SECRET_KEY when set, and a long one', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-key-'));
		expect(resolveSecretKey({ secretKey: SECRET, production: true, dataDir })).toBe(SECRET);
		expect(() => resolveSecretKey({ secretKey: 'short', production: false, dataDir })).toThrow(
			/at least 32 characters/
		);
	});

	it('must be set in production', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-key-'));
		expect(() => resolveSecretKey({ secretKey: undefined, production: true, dataDir })).toThrow(
			SecretKeyError
		);
		expect(() => resolveSecretKey({ secretKey: undefined, production: true, dataDir })).toThrow(
			/ILMO_SECRET_KEY is not set/
		);
	});

	it('is a key file made once with mode 0600 in development', () => {
		const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ilmo-key-')), 'data');
		const settings = { secretKey: undefined, production: false, dataDir };
		const first = resolveSecretKey(settings);
		expect(first.length).toBeGreaterThanOrEqual(32);
		const file = path.join(dataDir, 'secret.key');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(resolveSecretKey(settings)).toBe(first);
		expect(readFileSync(file, 'utf8').trim()).toBe(first);
	});

	it('encrypts a TOTP key for its user only, and only this secret opens it', () => {
		const key = totp.encodeKey(totp.generateKey());
		const stored = encryptTotpKey(SECRET, 'user-a', key);
		expect(stored).toMatch(/^v1:/);
		expect(stored).not.toContain(key);
		expect(encryptTotpKey(SECRET, 'user-a', key)).not.toBe(stored);
		expect(decryptTotpKey(SECRET, 'user-a', stored)).toBe(key);
		expect(() => decryptTotpKey(OTHER, 'user-a', stored)).toThrow(SecretKeyError);
		expect(() => decryptTotpKey(SECRET, 'user-b', stored)).toThrow(SecretKeyError);
	});
});

describe.each(DATABASE_KINDS)('checkSecretKey on %s', (kind) => {
	let database: Database;
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-key-'));
	const settings = (secretKey: string) => ({ secretKey, production: false, dataDir });

	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	async function userWithPlainKey(email: string) {
		const created = await users.create(
			database.db,
			{ email, displayName: 'Vanha', role: 'staff', password: 'kaksi-vaihetta-2026' },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		const key = totp.encodeKey(totp.generateKey());
		// As stored before encryption at rest: the base32 key itself.
		await database.db
			.update(staffUser)
			.set({ totpKey: key })
			.where(eq(staffUser.id, created.user.id));
		return { id: created.user.id, key };
	}

	it('binds nothing while no TOTP key is stored', async () => {
		expect(await checkSecretKey(database.db, settings(OTHER))).toEqual({
			secret: OTHER,
			encrypted: 0
		});
		expect(await database.db.select().from(appMeta).where(eq(appMeta.key, KEY_CHECK))).toEqual([]);
	});

	it('encrypts plain TOTP keys once, stores its check, and refuses another secret', async () => {
		const plain = await userWithPlainKey('vanha@wetteri.fi');
		expect(await checkSecretKey(database.db, settings(SECRET))).toEqual({
			secret: SECRET,
			encrypted: 1
		});
		const [row] = await database.db.select().from(staffUser).where(eq(staffUser.id, plain.id));
		expect(row!.totpKey).not.toContain(plain.key);
		expect(decryptTotpKey(SECRET, plain.id, row!.totpKey!)).toBe(plain.key);
		// Idempotent: nothing left to encrypt, the same check.
		expect((await checkSecretKey(database.db, settings(SECRET))).encrypted).toBe(0);
		const [again] = await database.db.select().from(staffUser).where(eq(staffUser.id, plain.id));
		expect(again!.totpKey).toBe(row!.totpKey);

		await expect(checkSecretKey(database.db, settings(OTHER))).rejects.toThrow(
			/different ILMO_SECRET_KEY/
		);
	});

	it('refuses another secret even when the check value was lost', async () => {
		await database.db.delete(appMeta).where(eq(appMeta.key, KEY_CHECK));
		await expect(checkSecretKey(database.db, settings(OTHER))).rejects.toThrow(SecretKeyError);
		expect(await database.db.select().from(appMeta).where(eq(appMeta.key, KEY_CHECK))).toEqual([]);
		expect((await checkSecretKey(database.db, settings(SECRET))).encrypted).toBe(0);
	});
});
