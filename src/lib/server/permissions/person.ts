import { and, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { isId } from '../db/ids';
import { personKeysOf, resolvePerson } from '../person/keys';
import type { Db, Tx } from '../db';
import { contactPerson, organisation, person, registration } from '../db/schema';

/** Who a permission page is about, the way the permission list shows them. */
export interface PersonDescription {
	/** The canonical key: the one the page lives at and decisions are recorded under. */
	personId: string;
	contactId: string | null;
	firstName: string | null;
	lastName: string | null;
	email: string | null;
	organisation: string | null;
}

/**
 * One person for /staff/permissions/{personId}: name and email from their contact record when they
 * are a contact (the register's own data), else from their latest registration under any of their
 * keys; the same choice as loadPeople, without reading everyone. Null when no such person exists
 * (or the key is not even a UUID, which PostgreSQL would refuse to compare).
 */
export async function describePerson(
	db: Db | Tx,
	personId: string
): Promise<PersonDescription | null> {
	if (!isId(personId)) return null;
	const canonical = await resolvePerson(db, personId);
	const [known] = await db.select({ id: person.id }).from(person).where(eq(person.id, canonical));
	if (!known) return null;

	const [contact] = await selectLiveContacts(db, eq(contactPerson.personId, canonical)).limit(1);
	const [latest] = await db
		.select({
			firstName: registration.firstName,
			lastName: registration.lastName,
			email: registration.email
		})
		.from(registration)
		.where(inArray(registration.personId, await personKeysOf(db, canonical)))
		.orderBy(desc(registration.createdAt), desc(registration.id))
		.limit(1);

	return {
		personId: canonical,
		contactId: contact?.id ?? null,
		firstName: contact?.firstName ?? latest?.firstName ?? null,
		lastName: contact?.lastName ?? latest?.lastName ?? null,
		email: contact ? contactEmail(contact, latest?.email ?? null) : (latest?.email ?? null),
		organisation: contact?.organisation ?? null
	};
}

/** Live (not merged) contacts with their organisation's name, as every permission view shows them. */
export function selectLiveContacts(db: Db | Tx, where?: SQL) {
	return db
		.select({
			id: contactPerson.id,
			personId: contactPerson.personId,
			firstName: contactPerson.firstName,
			lastName: contactPerson.lastName,
			email: contactPerson.email,
			organisation: organisation.name
		})
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(and(isNull(contactPerson.mergedIntoId), where));
}

/** A contact without an address can still be written to at the one they signed up with. */
export function contactEmail(contact: { email: string | null }, signedUpWith: string | null) {
	return contact.email?.trim() ? contact.email : signedUpWith;
}
