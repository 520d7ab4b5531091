import { and, eq, isNull } from 'drizzle-orm';
import { normaliseBusinessId } from '../../schemas/business-id';
import type { ContactBasis } from '../db/schema';
import type { Db, Tx } from '../db';
import {
	contactPerson,
	organisation,
	personAlias,
	registrantDismissal,
	registration,
	type ContactPerson,
	type Registration
} from '../db/schema';
import * as audit from '../audit';
import { isUniqueViolation } from '../db/errors';
import { resolvePerson } from '../person/keys';
import { workDomain } from './similarity';
import { isId } from '../db/ids';

export interface Actor {
	id: string;
}

function record(
	tx: Tx,
	actor: Actor,
	action: audit.AuditAction,
	subject: { type: string; id: string },
	details?: Record<string, unknown>
) {
	return audit.record(tx, { action, actor: { kind: 'staff', id: actor.id }, subject, details });
}

async function lockRegistration(tx: Tx, registrationId: string): Promise<Registration | null> {
	if (!isId(registrationId)) return null;
	const [row] = await tx
		.select()
		.from(registration)
		.where(eq(registration.id, registrationId))
		.for('update');
	return row ?? null;
}

/** The live contact record a person key belongs to now (through links and merges), if any. */
export async function contactForPerson(
	db: Db | Tx,
	personId: string
): Promise<ContactPerson | null> {
	const canonical = await resolvePerson(db, personId);
	const [row] = await db
		.select()
		.from(contactPerson)
		.where(and(eq(contactPerson.personId, canonical), isNull(contactPerson.mergedIntoId)));
	return row ?? null;
}

export type LinkResult =
	| { ok: true; contactId: string }
	| {
			ok: false;
			reason:
				'not_found' | 'contact_not_found' | 'already_linked' | 'linked_elsewhere' | 'is_contact';
	  };

/**
 * Links a registrant to an existing contact person. The registrant's person key (shared by every
 * registration with that email) gets an alias to the contact's key: nothing is copied or rewritten,
 * and later sign-ups with the same email arrive already linked.
 */
export async function linkRegistration(
	db: Db,
	actor: Actor,
	input: { registrationId: string; contactId: string }
): Promise<LinkResult> {
	if (!isId(input.contactId)) return { ok: false, reason: 'contact_not_found' };
	return db.transaction(async (tx) => {
		const reg = await lockRegistration(tx, input.registrationId);
		if (!reg) return { ok: false, reason: 'not_found' };
		const [contact] = await tx
			.select()
			.from(contactPerson)
			.where(and(eq(contactPerson.id, input.contactId), isNull(contactPerson.mergedIntoId)))
			.for('update');
		if (!contact || contact.archivedAt) return { ok: false, reason: 'contact_not_found' };

		const current = await contactForPerson(tx, reg.personId);
		if (current?.id === contact.id) return { ok: false, reason: 'already_linked' };
		if (current && current.personId === reg.personId) return { ok: false, reason: 'is_contact' };
		if (current) return { ok: false, reason: 'linked_elsewhere' };
		// A contact's own key never points back at the registrant, so no cycle can form.
		if ((await resolvePerson(tx, contact.personId)) === reg.personId) {
			return { ok: false, reason: 'is_contact' };
		}

		await tx.insert(personAlias).values({
			personId: reg.personId,
			canonicalId: contact.personId,
			reason: 'link',
			createdBy: actor.id
		});
		await tx.delete(registrantDismissal).where(eq(registrantDismissal.personId, reg.personId));
		await record(
			tx,
			actor,
			'contact.linked',
			{ type: 'contact', id: contact.id },
			{
				registrationId: reg.id
			}
		);
		return { ok: true, contactId: contact.id };
	});
}

/** Undoes a link: the registration stays exactly as it was, only the alias row goes. */
export async function unlinkRegistration(
	db: Db,
	actor: Actor,
	registrationId: string
): Promise<'unlinked' | 'not_linked'> {
	return db.transaction(async (tx) => {
		const reg = await lockRegistration(tx, registrationId);
		if (!reg) return 'not_linked';
		const contact = await contactForPerson(tx, reg.personId);
		const removed = await tx
			.delete(personAlias)
			.where(and(eq(personAlias.personId, reg.personId), eq(personAlias.reason, 'link')))
			.returning({ canonicalId: personAlias.canonicalId });
		if (removed.length === 0) return 'not_linked';
		await record(
			tx,
			actor,
			'contact.unlinked',
			{ type: 'contact', id: contact?.id ?? reg.id },
			{
				registrationId: reg.id
			}
		);
		return 'unlinked';
	});
}

/** "Not a business contact": the registrant leaves the queue; undone by `undismissRegistrant`. */
export async function dismissRegistrant(
	db: Db,
	actor: Actor,
	registrationId: string
): Promise<'dismissed' | 'not_found'> {
	return db.transaction(async (tx) => {
		const reg = await lockRegistration(tx, registrationId);
		if (!reg) return 'not_found';
		await tx
			.insert(registrantDismissal)
			.values({ personId: reg.personId, dismissedBy: actor.id })
			.onConflictDoNothing();
		await record(tx, actor, 'registrant.dismissed', { type: 'registration', id: reg.id });
		return 'dismissed';
	});
}

export async function undismissRegistrant(
	db: Db,
	actor: Actor,
	registrationId: string
): Promise<'restored' | 'not_found'> {
	return db.transaction(async (tx) => {
		const reg = await lockRegistration(tx, registrationId);
		if (!reg) return 'not_found';
		const removed = await tx
			.delete(registrantDismissal)
			.where(eq(registrantDismissal.personId, reg.personId))
			.returning({ personId: registrantDismissal.personId });
		if (removed.length === 0) return 'not_found';
		await record(tx, actor, 'registrant.undismissed', { type: 'registration', id: reg.id });
		return 'restored';
	});
}

export interface FromRegistrationInput {
	registrationId: string;
	title: string;
	basis: ContactBasis;
}

export type CreateFromRegistrationResult =
	| { ok: true; contactId: string; organisationId: string }
	| {
			ok: false;
			reason:
				| 'not_found'
				| 'organisation_not_found'
				| 'already_contact'
				| 'no_name'
				| 'businessIdInvalid'
				| 'businessIdTaken';
	  };

/**
 * The contact record copies the registration's fields and takes over its person key, so the
 * registration (and every other one with that email) is the contact's without any alias; the
 * registration row itself is not touched.
 */
async function insertContactFromRegistration(
	tx: Tx,
	actor: Actor,
	reg: Registration,
	organisationId: string,
	input: FromRegistrationInput
): Promise<string> {
	const [created] = await tx
		.insert(contactPerson)
		.values({
			personId: reg.personId,
			organisationId,
			firstName: reg.firstName,
			lastName: reg.lastName,
			email: reg.email,
			emailNormalised: reg.emailNormalised,
			phone: reg.phone,
			title: input.title.trim() || null,
			source: 'registration',
			basis: input.basis,
			fromRegistrationId: reg.id,
			createdBy: actor.id
		})
		.returning({ id: contactPerson.id });
	await tx.delete(registrantDismissal).where(eq(registrantDismissal.personId, reg.personId));
	await record(
		tx,
		actor,
		'contact.created_from_registration',
		{ type: 'contact', id: created!.id },
		{
			registrationId: reg.id,
			organisationId,
			basis: input.basis
		}
	);
	return created!.id;
}

async function refuseExisting(tx: Tx, reg: Registration) {
	return (await contactForPerson(tx, reg.personId)) !== null;
}

/** A new contact person at an existing organisation, from a registration. */
export async function createContactFromRegistration(
	db: Db,
	actor: Actor,
	input: FromRegistrationInput & { organisationId: string }
): Promise<CreateFromRegistrationResult> {
	if (!isId(input.organisationId)) return { ok: false, reason: 'organisation_not_found' };
	return db.transaction(async (tx) => {
		const reg = await lockRegistration(tx, input.registrationId);
		if (!reg) return { ok: false, reason: 'not_found' };
		if (await refuseExisting(tx, reg)) return { ok: false, reason: 'already_contact' };
		const [org] = await tx
			.select({ id: organisation.id, archivedAt: organisation.archivedAt })
			.from(organisation)
			.where(eq(organisation.id, input.organisationId));
		if (!org || org.archivedAt) return { ok: false, reason: 'organisation_not_found' };
		const contactId = await insertContactFromRegistration(tx, actor, reg, org.id, input);
		return { ok: true, contactId, organisationId: org.id };
	});
}

/**
 * A new organisation and its first contact person in one step. The organisation's email domain is
 * taken from the registrant's work address (not free mail), so colleagues who sign up later are
 * suggested for it.
 */
export async function createContactWithOrganisation(
	db: Db,
	actor: Actor,
	input: FromRegistrationInput & { organisationName: string; businessId: string }
): Promise<CreateFromRegistrationResult> {
	const name = input.organisationName.trim();
	if (!name) return { ok: false, reason: 'no_name' };
	let businessId: string | null = null;
	if (input.businessId.trim()) {
		businessId = normaliseBusinessId(input.businessId);
		if (!businessId) return { ok: false, reason: 'businessIdInvalid' };
	}
	try {
		return await db.transaction(async (tx) => {
			const reg = await lockRegistration(tx, input.registrationId);
			if (!reg) return { ok: false, reason: 'not_found' } as const;
			if (await refuseExisting(tx, reg)) return { ok: false, reason: 'already_contact' } as const;
			if (businessId) {
				const [taken] = await tx
					.select({ id: organisation.id })
					.from(organisation)
					.where(eq(organisation.businessId, businessId));
				if (taken) return { ok: false, reason: 'businessIdTaken' } as const;
			}
			const [org] = await tx
				.insert(organisation)
				.values({
					name,
					businessId,
					emailDomain: workDomain(reg.email),
					customerStatus: 'prospect',
					createdBy: actor.id
				})
				.returning({ id: organisation.id });
			await record(
				tx,
				actor,
				'organisation.created',
				{ type: 'organisation', id: org!.id },
				{
					from: 'registration'
				}
			);
			const contactId = await insertContactFromRegistration(tx, actor, reg, org!.id, input);
			return { ok: true, contactId, organisationId: org!.id } as const;
		});
	} catch (error) {
		// Another staff member saved the same y-tunnus between the check and the insert.
		if (isUniqueViolation(error)) return { ok: false, reason: 'businessIdTaken' };
		throw error;
	}
}
