import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, person, registration } from '../db/schema';
import { byteOrder } from '../db/search-key';
import { personKeysOf, resolvePerson } from '../contacts/persons';
import { normalisePhone } from '../phone';
import { normaliseEmail } from '../registrations/register';
import { isId } from '../db/ids';

/** What the admin typed into the person filter turned out to be. */
export type PersonInputKind = 'email' | 'phone' | 'id' | 'unrecognised';

/** Every record id that stands for one human (or a few, when they share an address). */
export interface PersonSubjects {
	kind: PersonInputKind;
	/** The people found, by their current (canonical) key: usually one. */
	people: string[];
	/** Every key those people have had: their own, linked registrants', merged duplicates'. */
	personKeys: string[];
	registrationIds: string[];
	contactIds: string[];
}

export function isUuid(value: string): boolean {
	return isId(value);
}

const unique = (values: string[]) => [...new Set(values)];

/** The person keys an email, phone number or record id points at directly, before any alias. */
async function directKeys(
	db: Db,
	typed: string
): Promise<{ kind: PersonInputKind; keys: string[] }> {
	if (isUuid(typed)) {
		const id = typed.toLowerCase();
		const regs = await db
			.select({ key: registration.personId })
			.from(registration)
			.where(eq(registration.id, id));
		const contacts = await db
			.select({ key: contactPerson.personId })
			.from(contactPerson)
			.where(eq(contactPerson.id, id));
		const people = await db.select({ key: person.id }).from(person).where(eq(person.id, id));
		return { kind: 'id', keys: [...regs, ...contacts, ...people].map((row) => row.key) };
	}
	if (typed.includes('@')) {
		const email = normaliseEmail(typed);
		// Each comparison is written as its index is (registrations.schema.ts, contacts.schema.ts).
		const regs = await db
			.select({ key: registration.personId })
			.from(registration)
			.where(eq(registration.emailNormalised, email));
		const contacts = await db
			.select({ key: contactPerson.personId })
			.from(contactPerson)
			.where(eq(byteOrder(contactPerson.emailNormalised), email));
		return { kind: 'email', keys: [...regs, ...contacts].map((row) => row.key) };
	}
	const phone = normalisePhone(typed);
	if (!phone) return { kind: 'unrecognised', keys: [] };
	const regs = await db
		.select({ key: registration.personId })
		.from(registration)
		.where(eq(byteOrder(registration.phone), phone));
	const contacts = await db
		.select({ key: contactPerson.personId })
		.from(contactPerson)
		.where(eq(byteOrder(contactPerson.phone), phone));
	return { kind: 'phone', keys: [...regs, ...contacts].map((row) => row.key) };
}

/**
 * Resolves what an admin typed (an email, a phone number, or a person, registration or contact id)
 * to every record of that person: first the keys it names directly, then each key's current person
 * (through links and merges), then every key that person has had. So an email used only at sign-up
 * also finds the contact the registrant was later linked to, and that contact's other registrations.
 */
export async function subjectsOfPerson(db: Db, typed: string): Promise<PersonSubjects> {
	const text = typed.trim();
	const { kind, keys } = await directKeys(db, text);
	const people = unique(await Promise.all(unique(keys).map((key) => resolvePerson(db, key))));
	const personKeys = unique((await Promise.all(people.map((id) => personKeysOf(db, id)))).flat());
	const registrationIds = (
		await db
			.select({ id: registration.id })
			.from(registration)
			.where(inArray(registration.personId, personKeys))
	).map((row) => row.id);
	// Merged-away contact records too: their history is this person's history.
	const contactIds = (
		await db
			.select({ id: contactPerson.id })
			.from(contactPerson)
			.where(inArray(contactPerson.personId, personKeys))
	).map((row) => row.id);

	if (kind === 'id') {
		// An id that names no record any more (an erased registration) still finds its trail.
		const id = text.toLowerCase();
		return {
			kind,
			people,
			personKeys: unique([...personKeys, id]),
			registrationIds: unique([...registrationIds, id]),
			contactIds: unique([...contactIds, id])
		};
	}
	return { kind, people, personKeys, registrationIds, contactIds };
}
