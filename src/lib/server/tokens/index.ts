import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { accessToken, type TokenPurpose } from '../db/schema';
import type { Db, Tx } from '../db';

/** 160 random bits, base32: above the 128 bits DESIGN asks for and safe in a URL path. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface MintInput {
	purpose: TokenPurpose;
	personId?: string;
	registrationId?: string;
	/** The booker's group page (purpose 'group'). */
	groupId?: string;
	expiresAt?: Date;
}

/**
 * Stores the hash of a fresh token and returns the token itself, which only the email will carry.
 * A caller may make the token first (generateToken) to send its row together with the message.
 */
export async function mint(
	tx: Db | Tx,
	input: MintInput,
	token: string = generateToken()
): Promise<string> {
	await tx.insert(accessToken).values({
		tokenHash: hashToken(token),
		purpose: input.purpose,
		personId: input.personId,
		registrationId: input.registrationId,
		groupId: input.groupId,
		expiresAt: input.expiresAt
	});
	return token;
}

/** The stored token row for a presented token of the given purpose, or null when unknown or expired. */
export async function find(db: Db, token: string, purpose: TokenPurpose) {
	const [row] = await db
		.select()
		.from(accessToken)
		.where(eq(accessToken.tokenHash, hashToken(token)))
		.limit(1);
	if (!row || row.purpose !== purpose) return null;
	if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
	return row;
}
