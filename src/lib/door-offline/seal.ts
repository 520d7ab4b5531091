/**
 * Encryption at rest for what a door device keeps (WebCrypto only, nothing leaves the device).
 *
 * The door PIN guards a device key pair rather than the data itself: the list is re-fetched and
 * re-encrypted every half minute while the door page is open, and the page must not keep the PIN
 * (or a key made from it) around for that. So each write seals the data to the device's public key
 * (ECDH P-256 with a fresh key per write → HKDF-SHA-256 → AES-GCM 256, random IV), and reading
 * needs the private key, which is stored only wrapped with AES-GCM under PBKDF2-SHA-256 of the PIN.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; stored with the key so it can be raised later. */
export const PIN_ITERATIONS = 600_000;
export const PIN_PATTERN = /^[0-9]{6,12}$/;

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = new TextEncoder().encode('ilmo-door-offline-v1');

export interface Sealed {
	/** The sender's one-time ECDH public key, raw. */
	ephemeral: Uint8Array<ArrayBuffer>;
	iv: Uint8Array<ArrayBuffer>;
	data: Uint8Array<ArrayBuffer>;
}

/** The device's private key, wrapped under the PIN. */
export interface PinLock {
	salt: Uint8Array<ArrayBuffer>;
	iterations: number;
	iv: Uint8Array<ArrayBuffer>;
	wrapped: Uint8Array<ArrayBuffer>;
}

export interface DeviceKeys {
	publicKey: JsonWebKey;
	lock: PinLock;
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(length));
}

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(pin),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}

/** A new device key pair: the public half to seal with, the private half locked by the PIN. */
export async function createDeviceKeys(pin: string): Promise<DeviceKeys> {
	const pair = await crypto.subtle.generateKey(CURVE, true, ['deriveBits']);
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const key = await pinKey(pin, salt, PIN_ITERATIONS);
	const wrapped = await crypto.subtle.wrapKey('pkcs8', pair.privateKey, key, {
		name: 'AES-GCM',
		iv
	});
	return {
		publicKey: await crypto.subtle.exportKey('jwk', pair.publicKey),
		lock: { salt, iterations: PIN_ITERATIONS, iv, wrapped: new Uint8Array(wrapped) }
	};
}

/** The private key, or null when the PIN is not the one the device was prepared with. */
export async function unlockDeviceKey(lock: PinLock, pin: string): Promise<CryptoKey | null> {
	try {
		const key = await pinKey(pin, lock.salt, lock.iterations);
		return await crypto.subtle.unwrapKey(
			'pkcs8',
			lock.wrapped,
			key,
			{ name: 'AES-GCM', iv: lock.iv },
			CURVE,
			false,
			['deriveBits']
		);
	} catch {
		return null; // AES-GCM's tag does not match: a wrong PIN.
	}
}

async function sharedKey(privateKey: CryptoKey, publicKey: CryptoKey): Promise<CryptoKey> {
	const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
	const base = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: INFO },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

/** `value` as JSON, encrypted so that only the holder of the PIN can read it. */
export async function seal(publicJwk: JsonWebKey, value: unknown): Promise<Sealed> {
	const recipient = await crypto.subtle.importKey('jwk', publicJwk, CURVE, false, []);
	const once = await crypto.subtle.generateKey(CURVE, true, ['deriveBits']);
	const key = await sharedKey(once.privateKey, recipient);
	const iv = randomBytes(12);
	const plain = new TextEncoder().encode(JSON.stringify(value));
	const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
	const ephemeral = await crypto.subtle.exportKey('raw', once.publicKey);
	return { ephemeral: new Uint8Array(ephemeral), iv, data: new Uint8Array(data) };
}

export async function unseal<T>(privateKey: CryptoKey, sealed: Sealed): Promise<T> {
	const sender = await crypto.subtle.importKey('raw', sealed.ephemeral, CURVE, false, []);
	const key = await sharedKey(privateKey, sender);
	const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
	return JSON.parse(new TextDecoder().decode(plain)) as T;
}

/** SHA-256 hex of a normalised ticket code, as the server stores it (DoorPerson.ticketHash). */
export async function hashTicketCode(code: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code));
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
