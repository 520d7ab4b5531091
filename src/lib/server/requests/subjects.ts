import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { personKeysOf, resolvePerson } from '../contacts/persons';
import type { Db, Tx } from '../db';
import {
	auditEvent,
	contactPerson,
	dataSubjectRequest,
	marketingConsentRequest,
	registration
} from '../db/schema';
import { byteOrder } from '../db/search-key';
import { normalisePhone } from '../phone';

export interface PersonQuery {
	email?: string | null;
	phone?: string | null;
	/** A key already known (the manage link's person, a request's resolved person). */
	personId?: string | null;
}

/** The record ids that stand for one person (or a few, when they share an address). */
export interface Subjects {
	email: string | null;
	phone: string | null;
	/** The people found, by their current (canonical) key. */
	people: string[];
	/** Every key those people have had: their own, linked registrants', merged duplicates'. */
	personKeys: string[];
	registrationIds: string[];
	contactIds: string[];
}

const unique = <T>(values: T[]) => [...new Set(values)];

export function normaliseQueryEmail(email: string | null | undefined): string | null {
	const text = email?.trim().toLowerCase();
	return text ? text : null;
}

export function normaliseQueryPhone(phone: string | null | undefined): string | null {
	const text = phone?.trim();
	return text ? normalisePhone(text) : null;
}

/** The keys an email or phone number points at directly, before any alias is followed. */
async function directKeys(
	db: Db | Tx,
	email: string | null,
	phone: string | null
): Promise<string[]> {
	const keys: string[] = [];
	if (email) {
		// Each comparison is written as its index is (registrations.schema.ts, contacts.schema.ts).
		const regs = await db
			.select({ key: registration.personId })
			.from(registration)
			.where(eq(registration.emailNormalised, email));
		const contacts = await db
			.select({ key: contactPerson.personId })
			.from(contactPerson)
			.where(eq(byteOrder(contactPerson.emailNormalised), email));
		const consents = await db
			.select({ key: marketingConsentRequest.personId })
			.from(marketingConsentRequest)
			.where(eq(sql`lower(${marketingConsentRequest.email})`, email));
		keys.push(...[...regs, ...contacts, ...consents].map((row) => row.key));
	}
	if (phone) {
		const regs = await db
			.select({ key: registration.personId })
			.from(registration)
			.where(eq(byteOrder(registration.phone), phone));
		const contacts = await db
			.select({ key: contactPerson.personId })
			.from(contactPerson)
			.where(eq(byteOrder(contactPerson.phone), phone));
		keys.push(...[...regs, ...contacts].map((row) => row.key));
	}
	return keys;
}

/**
 * Resolves an email and/or phone number (and a key already known) to every record of the person:
 * the keys they name, each key's current person through links and merges, then every key that
 * person has had. So an email used only at sign-up also finds the contact the registrant was later
 * linked to, and that contact's other registrations.
 */
export async function findSubjects(db: Db | Tx, query: PersonQuery): Promise<Subjects> {
	const email = normaliseQueryEmail(query.email);
	const phone = normaliseQueryPhone(query.phone);
	const direct = await directKeys(db, email, phone);
	if (query.personId) direct.push(query.personId);
	const people = unique(await Promise.all(unique(direct).map((key) => resolvePerson(db, key))));
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
	return { email, phone, people, personKeys, registrationIds, contactIds };
}

/**
 * Detail keys that name a person's record, beside the subject (as audit/query.ts reads them): a
 * link names the registration, a merge the duplicate contact, a permission export the person.
 */
const detail = (key: string) => sql<string>`(${auditEvent.details} ->> ${sql.raw(`'${key}'`)})`;

/** Audit rows about the person: by subject, or by a record id in their details. */
export function auditAbout(
	subjects: Pick<Subjects, 'personKeys' | 'registrationIds' | 'contactIds'>,
	requestIds: string[] = []
): SQL {
	return or(
		and(
			eq(auditEvent.subjectType, 'registration'),
			inArray(auditEvent.subjectId, subjects.registrationIds)
		),
		and(eq(auditEvent.subjectType, 'contact'), inArray(auditEvent.subjectId, subjects.contactIds)),
		and(eq(auditEvent.subjectType, 'person'), inArray(auditEvent.subjectId, subjects.personKeys)),
		and(
			eq(auditEvent.subjectType, 'data_subject_request'),
			inArray(auditEvent.subjectId, requestIds)
		),
		inArray(detail('registrationId'), subjects.registrationIds),
		inArray(detail('contactId'), subjects.contactIds),
		inArray(detail('duplicateId'), subjects.contactIds),
		inArray(detail('personId'), subjects.personKeys)
	)!;
}

/** The person's own data-subject requests: by key, or by the email or phone they were made with. */
export function requestsAbout(subjects: Subjects, emails: string[], phones: string[]): SQL {
	return or(
		inArray(dataSubjectRequest.personId, subjects.personKeys),
		inArray(dataSubjectRequest.requesterEmail, emails),
		inArray(dataSubjectRequest.requesterPhone, phones),
		inArray(dataSubjectRequest.verificationEmail, emails)
	)!;
}
