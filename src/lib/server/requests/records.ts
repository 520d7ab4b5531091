import { normaliseEmail } from '../person/email';
import { asc, desc, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	contactPerson,
	event,
	organisation,
	registration,
	type ContactPerson,
	type Event,
	type Registration
} from '../db/schema';

/**
 * The rows a data-subject request shows: registrations, contact records, organisations. A person's
 * own rows are read whole but for a few bookkeeping columns: the event's id (the event itself
 * stands there), the waiting-list place, and the registration or staff member a contact came from.
 */
export type FoundRegistration = Omit<Registration, 'eventId' | 'waitlistPosition'> & {
	event: Pick<Event, 'id' | 'titleFi' | 'titleEn' | 'titleSv' | 'startsAt' | 'endsAt' | 'location'>;
};

export type FoundContact = Omit<ContactPerson, 'fromRegistrationId' | 'createdBy'>;

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

/** A table's columns but the named ones, to select. */
function columnsWithout<Columns extends object, Left extends keyof Columns>(
	columns: Columns,
	left: Left[]
): Omit<Columns, Left> {
	return Object.fromEntries(
		Object.entries(columns).filter(([name]) => !left.includes(name as Left))
	) as Omit<Columns, Left>;
}

const registrationColumns = columnsWithout(getTableColumns(registration), [
	'eventId',
	'waitlistPosition'
]);
const contactColumns = columnsWithout(getTableColumns(contactPerson), [
	'fromRegistrationId',
	'createdBy'
]);

export async function registrationsOf(db: Db | Tx, keys: string[]): Promise<FoundRegistration[]> {
	return db
		.select({
			...registrationColumns,
			event: {
				id: event.id,
				titleFi: event.titleFi,
				titleEn: event.titleEn,
				titleSv: event.titleSv,
				startsAt: event.startsAt,
				endsAt: event.endsAt,
				location: event.location
			}
		})
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(inArray(registration.personId, keys))
		.orderBy(desc(event.startsAt), asc(registration.id));
}

export async function contactsOf(db: Db | Tx, keys: string[]): Promise<FoundContact[]> {
	return db
		.select(contactColumns)
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
