import { normaliseEmail } from '../person/email';
import { createHmac } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import * as audit from '../audit';
import { config } from '../config';
import { personKeysOf, resolvePerson } from '../person/keys';
import type { Db, Tx } from '../db';
import { marketingPermission, marketingSuppression, type SuppressionKind } from '../db/schema';
import { normalisePhone } from '../phone';

/**
 * The note on the prohibition a sign-up or import of a suppressed address gets: says where it came
 * from without naming anyone. Source 'import': it comes from outside the person's own records.
 */
export const SUPPRESSION_NOTE =
	'Suppression list: this address prohibited direct marketing before its earlier data was erased (GDPR Art. 21).';

export interface ContactPoints {
	email?: string | null;
	phone?: string | null;
}

function canonical(kind: SuppressionKind, value: string): string | null {
	const text = value.trim();
	if (!text) return null;
	return kind === 'email' ? normaliseEmail(text) : normalisePhone(text);
}

/**
 * HMAC-SHA256 of a normalised email or E.164 phone number with ILMO_SUPPRESSION_KEY, the kind
 * prefixed so an email and a phone can never collide. Null for an empty or unusable value.
 */
export function suppressionHmac(
	kind: SuppressionKind,
	value: string,
	key: string = config().suppressionKey
): string | null {
	const normalised = canonical(kind, value);
	if (!normalised) return null;
	return createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex');
}

function hmacsOf(points: ContactPoints, key?: string): string[] {
	const found: string[] = [];
	if (points.email) found.push(suppressionHmac('email', points.email, key) ?? '');
	if (points.phone) found.push(suppressionHmac('phone', points.phone, key) ?? '');
	return found.filter(Boolean);
}

/** Whether an email or phone number belongs to an erased person who had prohibited marketing. */
export async function isSuppressed(
	db: Db | Tx,
	points: ContactPoints,
	key?: string
): Promise<boolean> {
	const hmacs = hmacsOf(points, key);
	if (hmacs.length === 0) return false;
	const [row] = await db
		.select({ hmac: marketingSuppression.hmac })
		.from(marketingSuppression)
		.where(inArray(marketingSuppression.hmac, hmacs))
		.limit(1);
	return row !== undefined;
}

/** Puts HMACs on the list (already there: nothing happens). */
export async function addSuppression(
	tx: Db | Tx,
	entries: { kind: SuppressionKind; hmac: string }[]
): Promise<void> {
	if (entries.length === 0) return;
	await tx.insert(marketingSuppression).values(entries).onConflictDoNothing();
}

/**
 * For a person just signed up or imported with a suppressed email or phone: records the
 * prohibition again, on every channel, under their new key, so every reader of the ledger (the
 * consent request at sign-up, lists, exports) sees it. Once per person: when their ledger already
 * holds a prohibition, later decisions there are theirs (their own consent link may lift it), and
 * a later sign-up must not silently reimpose it. Returns whether a prohibition was written.
 */
export async function applySuppression(
	tx: Db | Tx,
	personId: string,
	points: ContactPoints,
	key?: string
): Promise<boolean> {
	if (!(await isSuppressed(tx, points, key))) return false;
	const keys = await personKeysOf(tx, await resolvePerson(tx, personId));
	const [standing] = await tx
		.select({ id: marketingPermission.id })
		.from(marketingPermission)
		.where(
			and(
				inArray(marketingPermission.personId, keys),
				eq(marketingPermission.decision, 'prohibited')
			)
		)
		.limit(1);
	if (standing) return false;
	await tx.insert(marketingPermission).values({
		personId,
		channel: 'all',
		decision: 'prohibited',
		source: 'import',
		note: SUPPRESSION_NOTE,
		recordedByPerson: false
	});
	await audit.record(tx, {
		action: 'marketing.suppression_applied',
		actor: { kind: 'system' },
		subject: { type: 'person', id: personId }
	});
	return true;
}

/**
 * The import's check: one query for the whole file, then a prohibition for each contact whose
 * email or phone is on the list. Returns how many were suppressed.
 */
export async function applySuppressionToContacts(
	tx: Db | Tx,
	contacts: ({ personId: string } & ContactPoints)[],
	key?: string
): Promise<number> {
	const all = [...new Set(contacts.flatMap((contact) => hmacsOf(contact, key)))];
	if (all.length === 0) return 0;
	const listed = new Set<string>();
	for (let i = 0; i < all.length; i += 1000) {
		const rows = await tx
			.select({ hmac: marketingSuppression.hmac })
			.from(marketingSuppression)
			.where(inArray(marketingSuppression.hmac, all.slice(i, i + 1000)));
		for (const row of rows) listed.add(row.hmac);
	}
	if (listed.size === 0) return 0;
	let applied = 0;
	for (const contact of contacts) {
		if (!hmacsOf(contact, key).some((hmac) => listed.has(hmac))) continue;
		if (await applySuppression(tx, contact.personId, contact, key)) applied++;
	}
	return applied;
}
