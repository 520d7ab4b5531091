import { normaliseOptionalEmail } from '../person/email';
import { and, eq, inArray } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { openContactManage } from '../contacts/manage';
import { resolvePerson } from '../person/keys';
import type { Db } from '../db';
import { dataSubjectRequest } from '../db/schema';
import { openManage } from '../registrations/manage';
import { dueFor, OPEN_STATUSES } from './dates';
import { recordRequest } from './queue';

/** What a registrant may ask for from their own page; the rest goes through staff. */
export const MANAGE_REQUEST_KINDS = ['access', 'erasure'] as const;
export type ManageRequestKind = (typeof MANAGE_REQUEST_KINDS)[number];

export type ManageRequestResult =
	{ ok: true; id: string; created: boolean } | { ok: false; reason: 'not_found' | 'no_email' };

/** The person and address a manage link opens: a registration's link, or a contact's person link. */
async function holderOf(db: Db, token: string) {
	const view = await openManage(db, token);
	if (view) {
		return { personId: await resolvePerson(db, view.personId), email: view.emailNormalised };
	}
	const contact = await openContactManage(db, token);
	if (!contact) return null;
	const live = contact.contacts.find((c) => c.state === 'active') ?? contact.contacts[0];
	return { personId: contact.personId, email: normaliseOptionalEmail(live?.email) };
}

/**
 * A request started from the manage page lands in the staff queue like any other. Holding the link
 * mailed to the address on record is the identity check, so it arrives verified, and any answer
 * goes to that address. Asking twice while one is open returns the open one.
 */
export async function startFromManage(
	db: Db,
	token: string,
	kind: ManageRequestKind,
	locale: Locale,
	now: Date = new Date()
): Promise<ManageRequestResult> {
	const holder = await holderOf(db, token);
	if (!holder) return { ok: false, reason: 'not_found' };
	if (!holder.email) return { ok: false, reason: 'no_email' };
	const { personId, email } = holder;
	return db.transaction(async (tx) => {
		const [open] = await tx
			.select({ id: dataSubjectRequest.id })
			.from(dataSubjectRequest)
			.where(
				and(
					eq(dataSubjectRequest.personId, personId),
					eq(dataSubjectRequest.kind, kind),
					inArray(dataSubjectRequest.status, [...OPEN_STATUSES])
				)
			)
			.limit(1);
		if (open) return { ok: true as const, id: open.id, created: false };
		const [row] = await tx
			.insert(dataSubjectRequest)
			.values({
				kind,
				channel: 'manage_page',
				status: 'verified',
				requesterEmail: email,
				personId,
				locale,
				receivedAt: now,
				dueAt: dueFor(now),
				verificationEmail: email,
				verificationMethod: 'manage_link',
				verifiedAt: now
			})
			.returning({ id: dataSubjectRequest.id });
		await recordRequest(tx, null, 'request.created', row!.id, { kind, channel: 'manage_page' });
		return { ok: true as const, id: row!.id, created: true };
	});
}
