/**
 * Ticket codes. A code is derived, never stored: an HMAC-SHA-256 of the registration's id and
 * ticket version under a key derived from ILMO_SECRET_KEY, cut to 130 bits and written as 26
 * characters of uppercase Crockford base32. No URL around it and no punctuation, because a
 * keyboard-wedge scanner types it through the device's keyboard layout, and on a Finnish layout
 * `/ : - _` come out wrong. The code says nothing about the person; the database keeps only its
 * SHA-256 (hex) for the lookup at the door, so a copy of the database cannot print tickets.
 */
import { createHash, createHmac } from 'node:crypto';
import { config } from '../config';
import { deriveKey, secretKeyOf } from '../auth/secret-key';
import { TICKET_ALPHABET as ALPHABET, TICKET_CODE_LENGTH } from '../../ticket-code';

export { formatTicketCode, normaliseTicketCode, TICKET_CODE_LENGTH } from '../../ticket-code';

let cachedKey: { secret: string; key: Buffer } | undefined;

function ticketKey(secret: string): Buffer {
	if (cachedKey?.secret !== secret) cachedKey = { secret, key: deriveKey(secret, 'ticket') };
	return cachedKey.key;
}

/** Crockford base32 of the first `length` × 5 bits of `bytes`. */
function base32(bytes: Buffer, length: number): string {
	let out = '';
	let buffer = 0;
	let bits = 0;
	for (const byte of bytes) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		while (bits >= 5 && out.length < length) {
			out += ALPHABET[(buffer >> (bits - 5)) & 31];
			bits -= 5;
		}
		buffer &= (1 << bits) - 1;
		if (out.length === length) break;
	}
	return out;
}

/** The ticket code of a registration at a version; `secret` defaults to the configured one. */
export function ticketCode(
	registrationId: string,
	version: number,
	secret: string = secretKeyOf(config())
): string {
	const mac = createHmac('sha256', ticketKey(secret))
		.update(`ilmo ticket\n${registrationId}\n${version}`)
		.digest();
	return base32(mac, TICKET_CODE_LENGTH);
}

/** What the database keeps of a code: its SHA-256 in hex. */
export function ticketHash(code: string): string {
	return createHash('sha256').update(code).digest('hex');
}

/** The hash of a registration's ticket at a version: what an insert or re-issue stores. */
export function ticketHashFor(registrationId: string, version: number, secret?: string): string {
	return ticketHash(ticketCode(registrationId, version, secret));
}
