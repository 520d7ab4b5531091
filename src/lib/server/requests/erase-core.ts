/**
 * The erasing itself, shared by an erasure and by its re-application after a restore. Every step
 * is idempotent (records already erased are left as they are) and works from record ids, person
 * keys and HMACs only, so the journal that drives a re-application holds nothing in clear.
 */
import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import {
	accessToken,
	auditEvent,
	contactPerson,
	dataSubjectRequest,
	emailOutbox,
	marketingConsentRequest,
	marketingPermission,
	organisation,
	person,
	personAlias,
	registrantDismissal,
	registration
} from '../db/schema';
import { eraseFromGroups } from '../groups/privacy';
import { auditAbout } from '../person/subjects';
import { anonymiseRegistrations } from '../registrations/anonymise';
import { suppressionHmac } from '../suppression';

export const REDACTED = { redacted: true } as const;

export interface ErasureTarget {
	personKeys: string[];
	registrationIds: string[];
	contactIds: string[];
	/** Organisations whose own email or phone was the person's: cleared where the HMAC matches. */
	organisationIds: string[];
	/** The person's data-subject requests: kept as the record of handling, contact points cleared. */
	requestIds: string[];
	outboxIds: number[];
	emailHmacs: string[];
	phoneHmacs: string[];
}

export interface ErasureCounts {
	registrations: number;
	contacts: number;
	ledgerRows: number;
	consentRequests: number;
	tokens: number;
	outbox: number;
	auditRedacted: number;
	organisations: number;
	requests: number;
	/** Groups whose booker they were (contact cleared) and member rows naming them (cleared). */
	groups: number;
	groupMembers: number;
}

/** Within a transaction: lets the append-only tables (ledger, audit trail) be changed. */
export async function enterEraseMaintenance(tx: Tx): Promise<void> {
	await tx.execute(sql`SET LOCAL ilmo.maintenance = 'erase'`);
}

/** The person's registrations, and the ones named by id that still hold contact details. */
async function anonymisePersonRegistrations(tx: Tx, target: ErasureTarget, actorId: string | null) {
	const rows = await tx
		.select({ id: registration.id })
		.from(registration)
		.where(
			or(
				inArray(registration.personId, target.personKeys),
				and(inArray(registration.id, target.registrationIds), isNotNull(registration.email))
			)
		);
	await anonymiseRegistrations(
		tx,
		rows.map((row) => row.id),
		{ now: new Date(), dismissedBy: actorId }
	);
	return rows.length;
}

async function clearOrganisations(tx: Tx, target: ErasureTarget, key: string | undefined) {
	if (target.organisationIds.length === 0) return 0;
	const rows = await tx
		.select({ id: organisation.id, email: organisation.email, phone: organisation.phone })
		.from(organisation)
		.where(inArray(organisation.id, target.organisationIds));
	let cleared = 0;
	for (const org of rows) {
		const email = org.email ? suppressionHmac('email', org.email, key) : null;
		const phone = org.phone ? suppressionHmac('phone', org.phone, key) : null;
		const clearEmail = email !== null && target.emailHmacs.includes(email);
		const clearPhone = phone !== null && target.phoneHmacs.includes(phone);
		if (!clearEmail && !clearPhone) continue;
		await tx
			.update(organisation)
			.set({
				...(clearEmail ? { email: null, emailDomain: null } : {}),
				...(clearPhone ? { phone: null } : {}),
				updatedAt: new Date()
			})
			.where(eq(organisation.id, org.id));
		cleared++;
	}
	return cleared;
}

/**
 * Erases the target's records. Audit rows about them keep action, time, actor and subject type;
 * their details go (`before`: only rows written before the erasure, when re-applying it, so the
 * trail of later events stays whole). The caller has entered erase maintenance.
 */
export async function eraseRecords(
	tx: Tx,
	target: ErasureTarget,
	options: { actorId: string | null; before?: Date; key?: string }
): Promise<ErasureCounts> {
	const keys = target.personKeys;
	const registrations = await anonymisePersonRegistrations(tx, target, options.actorId);
	const tokens = await tx
		.delete(accessToken)
		.where(
			or(
				inArray(accessToken.personId, keys),
				inArray(accessToken.registrationId, target.registrationIds)
			)
		)
		.returning({ id: accessToken.id });
	const consentRequests = await tx
		.delete(marketingConsentRequest)
		.where(inArray(marketingConsentRequest.personId, keys))
		.returning({ id: marketingConsentRequest.id });
	const ledgerRows = await tx
		.delete(marketingPermission)
		.where(inArray(marketingPermission.personId, keys))
		.returning({ id: marketingPermission.id });
	const contacts = await tx
		.delete(contactPerson)
		.where(or(inArray(contactPerson.id, target.contactIds), inArray(contactPerson.personId, keys)))
		.returning({ id: contactPerson.id });
	await tx
		.delete(personAlias)
		.where(or(inArray(personAlias.personId, keys), inArray(personAlias.canonicalId, keys)));
	await tx.delete(registrantDismissal).where(inArray(registrantDismissal.personId, keys));
	const requests = await tx
		.update(dataSubjectRequest)
		.set({ requesterEmail: null, requesterPhone: null, verificationEmail: null, personId: null })
		.where(
			and(
				inArray(dataSubjectRequest.id, target.requestIds),
				or(
					isNotNull(dataSubjectRequest.requesterEmail),
					isNotNull(dataSubjectRequest.requesterPhone),
					isNotNull(dataSubjectRequest.verificationEmail),
					isNotNull(dataSubjectRequest.personId)
				)
			)
		)
		.returning({ id: dataSubjectRequest.id });
	const organisations = await clearOrganisations(tx, target, options.key);
	const outbox = await tx
		.delete(emailOutbox)
		.where(inArray(emailOutbox.id, target.outboxIds))
		.returning({ id: emailOutbox.id });
	const redacted = await tx
		.update(auditEvent)
		.set({ details: REDACTED })
		.where(
			and(
				auditAbout(target),
				options.before ? lt(auditEvent.at, options.before) : undefined,
				sql`${auditEvent.details} IS DISTINCT FROM ${JSON.stringify(REDACTED)}::jsonb`
			)
		)
		.returning({ id: auditEvent.id });
	const grouped = await eraseFromGroups(tx, target, options.key);
	// Nothing points at the old keys now; a table that still does makes this fail, and the whole
	// erasure roll back, rather than leave a person behind.
	await tx.delete(person).where(inArray(person.id, keys));
	return {
		registrations,
		contacts: contacts.length,
		ledgerRows: ledgerRows.length,
		consentRequests: consentRequests.length,
		tokens: tokens.length,
		outbox: outbox.length,
		auditRedacted: redacted.length,
		organisations,
		requests: requests.length,
		groups: grouped.groups,
		groupMembers: grouped.members
	};
}
