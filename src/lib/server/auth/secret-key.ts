/**
 * ILMO_SECRET_KEY: the server secret kept outside the database. TOTP keys are stored encrypted
 * under a key derived from it, so a copy of the database or a backup alone cannot mint codes; a
 * key-check value in app_meta makes a start or a restore under a different secret fail loudly
 * instead of locking every TOTP user out one sign-in at a time.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, isNotNull, notLike } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { appMeta, staffUser } from '../db/schema';

export class SecretKeyError extends Error {}

/** What the key depends on; config() has all three. */
export interface SecretKeySettings {
	secretKey: string | undefined;
	production: boolean;
	dataDir: string;
}

/** 256 bits in base64url: what a generated key file holds, and the least a set key must have. */
const MIN_SECRET_LENGTH = 32;
export const KEY_FILE = 'secret.key';
export const KEY_CHECK = 'secret_key_check';
/** Prefix of an encrypted TOTP key; base32 text never contains a colon, so plain rows stand out. */
const CIPHER_PREFIX = 'v1:';

function readKeyFile(file: string): string {
	const text = readFileSync(file, 'utf8').trim();
	if (text.length < MIN_SECRET_LENGTH) {
		throw new SecretKeyError(`${file} is too short to be an Ilmo secret key; remove or fix it.`);
	}
	return text;
}

/**
 * The secret in force: ILMO_SECRET_KEY when set; in production nothing else will do; in
 * development and tests a key file in the data folder, made once with mode 0600, so `npm run dev`
 * needs no set-up and the key survives restarts.
 */
export function resolveSecretKey(settings: SecretKeySettings): string {
	if (settings.secretKey !== undefined) {
		if (settings.secretKey.length < MIN_SECRET_LENGTH) {
			throw new SecretKeyError(
				`ILMO_SECRET_KEY must have at least ${MIN_SECRET_LENGTH} characters; make one with ` +
					'`openssl rand -base64 32`.'
			);
		}
		return settings.secretKey;
	}
	if (settings.production) {
		throw new SecretKeyError(
			'ILMO_SECRET_KEY is not set. It encrypts the TOTP keys in the database and must stay the ' +
				'same for as long as the data lives: make one with `openssl rand -base64 32`, keep it ' +
				'outside the database and its backups, and set it in the environment.'
		);
	}
	const file = path.join(settings.dataDir, KEY_FILE);
	try {
		return readKeyFile(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	mkdirSync(settings.dataDir, { recursive: true });
	try {
		// 'wx': of two processes starting at once, one writes and the other reads its key.
		writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	return readKeyFile(file);
}

/** Separate keys for separate uses, so no use can reveal another's key. */
export function deriveKey(secret: string, purpose: string): Buffer {
	return Buffer.from(hkdfSync('sha256', secret, 'ilmo', `ilmo ${purpose} v1`, 32));
}

/** A value only this secret gives, kept in app_meta to recognise the secret the data belongs to. */
export function keyCheckValue(secret: string): string {
	return createHmac('sha256', deriveKey(secret, 'key check'))
		.update('ilmo secret key check')
		.digest('base64url');
}

/**
 * AES-256-GCM with a random nonce; the user id is authenticated with it, so a key copied onto
 * another user's row does not decrypt.
 */
export function encryptTotpKey(secret: string, userId: string, base32: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, 'totp'), iv);
	cipher.setAAD(Buffer.from(userId));
	const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
	return CIPHER_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function isEncryptedTotpKey(stored: string): boolean {
	return stored.startsWith(CIPHER_PREFIX);
}

/** The base32 key; throws SecretKeyError when the secret is not the one it was encrypted with. */
export function decryptTotpKey(secret: string, userId: string, stored: string): string {
	if (!isEncryptedTotpKey(stored)) {
		throw new SecretKeyError('A TOTP key is stored unencrypted; checkSecretKey encrypts them.');
	}
	const bytes = Buffer.from(stored.slice(CIPHER_PREFIX.length), 'base64url');
	try {
		const decipher = createDecipheriv(
			'aes-256-gcm',
			deriveKey(secret, 'totp'),
			bytes.subarray(0, 12)
		);
		decipher.setAAD(Buffer.from(userId));
		decipher.setAuthTag(bytes.subarray(bytes.length - 16));
		return Buffer.concat([
			decipher.update(bytes.subarray(12, bytes.length - 16)),
			decipher.final()
		]).toString('utf8');
	} catch {
		throw new SecretKeyError('A TOTP key does not decrypt with this ILMO_SECRET_KEY.');
	}
}

export const WRONG_KEY_MESSAGE =
	'This database was set up with a different ILMO_SECRET_KEY: its TOTP keys cannot be read with ' +
	'the key configured now. Set the key the data was made with (it cannot be recovered from the ' +
	'database).';

/** Stores the key check once something is encrypted under `secret` (when no check is there yet). */
export async function rememberSecretKey(tx: Tx, secret: string): Promise<void> {
	await tx
		.insert(appMeta)
		.values({ key: KEY_CHECK, value: keyCheckValue(secret) })
		.onConflictDoNothing();
}

/**
 * Makes sure the database and the secret belong together, inside a transaction: refuses a
 * different secret (by the key check, or when none is stored yet, by a TOTP key that does not
 * decrypt), stores the check when missing and there is a TOTP key, and encrypts TOTP keys still
 * stored as plain base32
 * (rows from before encryption, or restored from an older backup). Idempotent.
 */
export async function bindSecretKey(tx: Tx, secret: string): Promise<{ encrypted: number }> {
	const check = keyCheckValue(secret);
	const [stored] = await tx.select().from(appMeta).where(eq(appMeta.key, KEY_CHECK)).for('update');
	if (stored && stored.value !== check) throw new SecretKeyError(WRONG_KEY_MESSAGE);
	const users = await tx
		.select({ id: staffUser.id, totpKey: staffUser.totpKey })
		.from(staffUser)
		.where(isNotNull(staffUser.totpKey))
		.for('update');
	if (!stored) {
		// Nothing encrypted yet, so nothing to protect: binding now would tie the data to whatever
		// secret opened it first (say, the CLI run before the server, without ILMO_SECRET_KEY).
		if (users.length === 0) return { encrypted: 0 };
		for (const user of users) {
			if (isEncryptedTotpKey(user.totpKey!)) decryptTotpKey(secret, user.id, user.totpKey!);
		}
		await rememberSecretKey(tx, secret);
	}
	let encrypted = 0;
	for (const user of users) {
		if (isEncryptedTotpKey(user.totpKey!)) continue;
		await tx
			.update(staffUser)
			.set({ totpKey: encryptTotpKey(secret, user.id, user.totpKey!) })
			.where(and(eq(staffUser.id, user.id), notLike(staffUser.totpKey, `${CIPHER_PREFIX}%`)));
		encrypted++;
	}
	return { encrypted };
}

/**
 * For the server start (and the CLI): resolves the secret, checks it against the database and
 * encrypts any plain TOTP keys. Throws SecretKeyError with a message for the operator. Returns
 * the secret for the callers that need it.
 */
export async function checkSecretKey(
	db: Db,
	settings: SecretKeySettings
): Promise<{ secret: string; encrypted: number }> {
	const secret = resolveSecretKey(settings);
	const { encrypted } = await db.transaction((tx) => bindSecretKey(tx, secret));
	return { secret, encrypted };
}

const resolved = new WeakMap<SecretKeySettings, string>();

/** resolveSecretKey, once per settings object (config() returns the same one every time). */
export function secretKeyOf(settings: SecretKeySettings): string {
	let secret = resolved.get(settings);
	if (secret === undefined) {
		secret = resolveSecretKey(settings);
		resolved.set(settings, secret);
	}
	return secret;
}
