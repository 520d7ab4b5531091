/**
 * Optional passphrase encryption of a backup file:
 *
 *   'ILMOENC1' | log2 N, r, p (1 byte each) | salt (16) | iv (12) | key check (16) | ciphertext | tag (16)
 *
 * The key comes from scrypt (N = 2^15, r = 8, p = 1), the cipher is AES-256-GCM over the gzip
 * stream with the plaintext header as additional data, so the parameters cannot be swapped either.
 * scrypt yields 64 bytes: the first 32 are the key, 16 of the other 32 are stored as a check, so a
 * wrong passphrase is recognised before a single byte is decrypted (GCM alone would only say so
 * at the very end, after the whole file had been read).
 */
import {
	createCipheriv,
	createDecipheriv,
	randomBytes,
	scrypt,
	timingSafeEqual,
	type ScryptOptions
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BackupRefusedError, damaged } from './format';

export const MAGIC = Buffer.from('ILMOENC1', 'latin1');
const SALT = 16;
const IV = 12;
const CHECK = 16;
const TAG = 16;
export const ENCRYPTED_HEADER_LENGTH = MAGIC.length + 3 + SALT + IV + CHECK;
const DEFAULT_LOG_N = 15;
const DEFAULT_R = 8;
const DEFAULT_P = 1;

function deriveKey(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(
			passphrase.normalize('NFC'),
			salt,
			64,
			// Node's default memory cap (32 MiB) is exactly what N = 2^15, r = 8 needs: leave room.
			{ ...options, maxmem: 256 * 1024 * 1024 },
			(error, key) => (error ? reject(error) : resolve(key))
		)
	);
}

export function isEncrypted(head: Buffer): boolean {
	return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

/** A stream that writes the header, then the ciphertext, then the tag. */
export async function encryptStream(passphrase: string): Promise<Transform> {
	const salt = randomBytes(SALT);
	const iv = randomBytes(IV);
	const derived = await deriveKey(passphrase, salt, {
		N: 2 ** DEFAULT_LOG_N,
		r: DEFAULT_R,
		p: DEFAULT_P
	});
	const header = Buffer.concat([
		MAGIC,
		Buffer.from([DEFAULT_LOG_N, DEFAULT_R, DEFAULT_P]),
		salt,
		iv,
		derived.subarray(32, 32 + CHECK)
	]);
	const cipher = createCipheriv('aes-256-gcm', derived.subarray(0, 32), iv);
	cipher.setAAD(header);
	let started = false;
	const start = (stream: Transform) => {
		if (!started) stream.push(header);
		started = true;
	};
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			start(this);
			callback(null, cipher.update(chunk));
		},
		flush(callback) {
			start(this);
			this.push(cipher.final());
			callback(null, cipher.getAuthTag());
		}
	});
}

/**
 * Checks the passphrase against the header and returns a stream that decrypts what follows the
 * header. The tag (the last 16 bytes) is verified when the input ends: a truncated or altered file
 * makes the stream fail, and the restore, still inside its transaction, rolls back.
 */
export async function decryptStream(header: Buffer, passphrase: string): Promise<Transform> {
	if (header.length < ENCRYPTED_HEADER_LENGTH) {
		throw new BackupRefusedError(damaged('the encryption header is cut short'));
	}
	const [logN, r, p] = header.subarray(MAGIC.length, MAGIC.length + 3);
	const salt = header.subarray(MAGIC.length + 3, MAGIC.length + 3 + SALT);
	const iv = header.subarray(MAGIC.length + 3 + SALT, MAGIC.length + 3 + SALT + IV);
	const check = header.subarray(MAGIC.length + 3 + SALT + IV, ENCRYPTED_HEADER_LENGTH);
	if (!logN || !r || !p || logN < 10 || logN > 22 || r > 32 || p > 16) {
		throw new BackupRefusedError(damaged('unknown encryption parameters'));
	}
	const derived = await deriveKey(passphrase, salt, { N: 2 ** logN, r, p });
	if (!timingSafeEqual(derived.subarray(32, 32 + CHECK), check)) {
		throw new BackupRefusedError(
			'The passphrase does not open this backup (wrong passphrase); nothing was restored.'
		);
	}
	const decipher = createDecipheriv('aes-256-gcm', derived.subarray(0, 32), iv);
	decipher.setAAD(header.subarray(0, ENCRYPTED_HEADER_LENGTH));
	// The tag is not known until the input ends, so the last TAG bytes seen are always held back.
	let tail = Buffer.alloc(0);
	return new Transform({
		transform(chunk: Buffer, _encoding, callback: TransformCallback) {
			const data = Buffer.concat([tail, chunk]);
			const cut = Math.max(0, data.length - TAG);
			tail = data.subarray(cut);
			callback(null, decipher.update(data.subarray(0, cut)));
		},
		flush(callback: TransformCallback) {
			try {
				if (tail.length < TAG) throw new Error('no tag');
				decipher.setAuthTag(tail);
				callback(null, decipher.final());
			} catch {
				callback(new BackupRefusedError(damaged('the encrypted data fails its integrity check')));
			}
		}
	});
}
