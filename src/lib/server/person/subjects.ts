import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { isId } from '../db/ids';
import {
	auditEvent,
	contactPerson,
	dataSubjectRequest,
	marketingConsentRequest,
	person,
	registration,
	registrationGroup
} from '../db/schema';
import { byteOrder } from '../db/search-key';
import { normalisePhone } from '../phone';
import { normaliseOptionalEmail } from './email';
import { personKeysOf, resolvePerson } from './keys';

/**
 * What points at a person: an email, a phone number, a key already known (the manage link's
 * person, a request's resolved person), or the id of any of their records.
 */
export interface PersonQuery {
	email?: string | null;
	phone?: string | null;
	personId?: string | null;
	/** A registration, contact or person id; one that names no record any more still counts. */
	recordId?: string | null;
}

/** What the admin typed into the audit log's person filter turned out to be. */
export type PersonInputKind = 'email' | 'phone' | 'id' | 'unrecognised';

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

export interface PersonSubjects extends Subjects {
	kind: PersonInputKind;
}

const unique = <T>(values: T[]) => [...new Set(values)];

export function normaliseOptionalPhone(phone: string | null | undefined): string | null {
	const text = phone?.trim();
	return text ? normalisePhone(text) : null;
}

/** The keys the query names directly, before any alias is followed. */
async function directKeys(
	db: Db | Tx,
	email: string | null,
	phone: string | null,
	recordId: string | null
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
		// Someone who only ever asked for news (and never confirmed) is known by that request.
		const consents = await db
			.select({ key: marketingConsentRequest.personId })
			.from(marketingConsentRequest)
			.where(eq(sql`lower(${marketingConsentRequest.email})`, email));
		// A booker who does not attend is known only as a group's contact (groups.schema.ts).
		const bookers = await db
			.select({ key: registrationGroup.bookerPersonId })
			.from(registrationGroup)
			.where(eq(registrationGroup.bookerEmailNormalised, email));
		keys.push(...[...regs, ...contacts, ...consents, ...bookers].map((row) => row.key));
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
	if (recordId) {
		const regs = await db
			.select({ key: registration.personId })
			.from(registration)
			.where(eq(registration.id, recordId));
		const contacts = await db
			.select({ key: contactPerson.personId })
			.from(contactPerson)
			.where(eq(contactPerson.id, recordId));
		const people = await db.select({ key: person.id }).from(person).where(eq(person.id, recordId));
		keys.push(...[...regs, ...contacts, ...people].map((row) => row.key));
	}
	return keys;
}

/**
 * Every record of the person the query points at: the keys it names, each key's current person
 * through links and merges, then every key that person has had. So an email used only at sign-up
 * also finds the contact the registrant was later linked to, and that contact's other
 * registrations. The data-subject requests and the audit log's person filter both ask this.
 */
export async function findSubjects(db: Db | Tx, query: PersonQuery): Promise<Subjects> {
	const email = normaliseOptionalEmail(query.email);
	const phone = normaliseOptionalPhone(query.phone);
	const recordId = query.recordId && isId(query.recordId) ? query.recordId.toLowerCase() : null;
	const direct = await directKeys(db, email, phone, recordId);
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
	if (!recordId) return { email, phone, people, personKeys, registrationIds, contactIds };
	// An id that names no record any more (an erased registration) still finds its trail.
	return {
		email,
		phone,
		people,
		personKeys: unique([...personKeys, recordId]),
		registrationIds: unique([...registrationIds, recordId]),
		contactIds: unique([...contactIds, recordId])
	};
}

/** What an admin typed (an email, a phone number or a record id), read as a query. */
export function readPersonInput(typed: string): { kind: PersonInputKind; query: PersonQuery } {
	// isId() narrows its argument, so it gets a copy: the text stays a string below.
	if (isId(typed.trim())) return { kind: 'id', query: { recordId: typed.trim() } };
	const text = typed.trim();
	if (text.includes('@')) return { kind: 'email', query: { email: text } };
	if (normaliseOptionalPhone(text)) return { kind: 'phone', query: { phone: text } };
	return { kind: 'unrecognised', query: {} };
}

/** Every record of the person an admin typed into a filter. */
export async function subjectsOfPerson(db: Db | Tx, typed: string): Promise<PersonSubjects> {
	const { kind, query } = readPersonInput(typed);
	return { kind, ...(await findSubjects(db, query)) };
}

/**
 * Detail keys that name a person's record, beside the subject: a link names the registration in
 * details and the contact as subject; a merge names the duplicate contact; a permission export
 * names the person. The key is spelled into the SQL, never bound, so an expression index on
 * `(details ->> 'registrationId')` matches it.
 */
const PERSON_DETAILS = {
	registrationId: 'registrationIds',
	duplicateId: 'contactIds',
	personId: 'personKeys'
} as const satisfies Record<string, keyof Subjects>;

const detail = (key: keyof typeof PERSON_DETAILS) =>
	sql<string>`(${auditEvent.details} ->> ${sql.raw(`'${key}'`)})`;

/**
 * Audit rows about the person: by subject, or by a record id in their details, and the trail of
 * their own data-subject requests when those are known.
 */
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
		...Object.entries(PERSON_DETAILS).map(([key, ids]) =>
			inArray(detail(key as keyof typeof PERSON_DETAILS), subjects[ids])
		)
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
