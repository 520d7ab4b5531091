import { normaliseEmail } from '../person/email';
import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { contactPerson, event, organisation, registration } from '../db/schema';

/** The rows a data-subject request shows: registrations, contact records, organisations. */

export interface FoundRegistration {
	id: string;
	personId: string;
	event: {
		id: string;
		titleFi: string;
		titleEn: string;
		startsAt: Date;
		endsAt: Date;
		location: string;
	};
	firstName: string;
	lastName: string;
	email: string | null;
	emailNormalised: string | null;
	phone: string | null;
	street: string | null;
	postalCode: string | null;
	city: string | null;
	locale: string;
	status: string;
	checkedInAt: Date | null;
	noticeVersion: string;
	createdAt: Date;
	updatedAt: Date;
	purgeAfter: Date;
}

export interface FoundContact {
	id: string;
	personId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	emailNormalised: string | null;
	phone: string | null;
	title: string | null;
	source: string;
	basis: string;
	organisationId: string | null;
	noticeSentAt: Date | null;
	archivedAt: Date | null;
	mergedIntoId: string | null;
	createdAt: Date;
	updatedAt: Date;
}

export interface FoundOrganisation {
	id: string;
	name: string;
	businessId: string | null;
	email: string | null;
	phone: string | null;
	/** The person is a contact person there. */
	viaContact: boolean;
	/** The organisation's own email or phone is one of the person's: an erasure clears it. */
	holdsTheirEmail: boolean;
	holdsTheirPhone: boolean;
}

export async function registrationsOf(db: Db | Tx, keys: string[]): Promise<FoundRegistration[]> {
	const rows = await db
		.select({ registration, event })
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(inArray(registration.personId, keys))
		.orderBy(desc(event.startsAt), asc(registration.id));
	return rows.map(({ registration: r, event: e }) => ({
		id: r.id,
		personId: r.personId,
		event: {
			id: e.id,
			titleFi: e.titleFi,
			titleEn: e.titleEn,
			startsAt: e.startsAt,
			endsAt: e.endsAt,
			location: e.location
		},
		firstName: r.firstName,
		lastName: r.lastName,
		email: r.email,
		emailNormalised: r.emailNormalised,
		phone: r.phone,
		street: r.street,
		postalCode: r.postalCode,
		city: r.city,
		locale: r.locale,
		status: r.status,
		checkedInAt: r.checkedInAt,
		noticeVersion: r.noticeVersion,
		createdAt: r.createdAt,
		updatedAt: r.updatedAt,
		purgeAfter: r.purgeAfter
	}));
}

export async function contactsOf(db: Db | Tx, keys: string[]): Promise<FoundContact[]> {
	return db
		.select({
			id: contactPerson.id,
			personId: contactPerson.personId,
			firstName: contactPerson.firstName,
			lastName: contactPerson.lastName,
			email: contactPerson.email,
			emailNormalised: contactPerson.emailNormalised,
			phone: contactPerson.phone,
			title: contactPerson.title,
			source: contactPerson.source,
			basis: contactPerson.basis,
			organisationId: contactPerson.organisationId,
			noticeSentAt: contactPerson.noticeSentAt,
			archivedAt: contactPerson.archivedAt,
			mergedIntoId: contactPerson.mergedIntoId,
			createdAt: contactPerson.createdAt,
			updatedAt: contactPerson.updatedAt
		})
		.from(contactPerson)
		.where(inArray(contactPerson.personId, keys))
		.orderBy(desc(contactPerson.createdAt));
}

export async function organisationsOf(
	db: Db | Tx,
	contacts: FoundContact[],
	emails: string[],
	phones: string[]
): Promise<FoundOrganisation[]> {
	const viaContact = new Set(contacts.map((c) => c.organisationId).filter((id) => id !== null));
	const rows = await db
		.select({
			id: organisation.id,
			name: organisation.name,
			businessId: organisation.businessId,
			email: organisation.email,
			phone: organisation.phone
		})
		.from(organisation)
		.where(
			or(
				inArray(organisation.id, [...viaContact]),
				inArray(sql`lower(${organisation.email})`, emails),
				inArray(organisation.phone, phones)
			)
		)
		.orderBy(asc(organisation.name));
	return rows.map((row) => ({
		...row,
		viaContact: viaContact.has(row.id),
		holdsTheirEmail: row.email !== null && emails.includes(normaliseEmail(row.email)),
		holdsTheirPhone: row.phone !== null && phones.includes(row.phone)
	}));
}
