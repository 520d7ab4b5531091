import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
	contactPerson,
	event,
	organisation,
	personAlias,
	registration,
	type ContactPerson,
	type RegistrationStatus
} from '../db/schema';
import { recordContacts, type StaffActor } from './audit';
import { isId } from '../db/ids';
import { personKeysOf } from '../person/keys';

// Merges form short chains (A into B, later B into C); a bound keeps a corrupted cycle finite.
const MAX_MERGE_DEPTH = 16;

export interface ContactEvent {
	registrationId: string;
	eventId: string;
	titleFi: string;
	titleEn: string;
	startsAt: Date;
	status: RegistrationStatus;
	checkedInAt: Date | null;
	registeredAt: Date;
	/**
	 * Linked to this contact by staff (a `link` alias on the registration's own person key), so it
	 * can be unlinked again; false for records under the contact's own key or a merged duplicate's.
	 */
	linked: boolean;
}

export interface ContactView {
	contact: ContactPerson;
	organisation: { id: string; name: string; archived: boolean } | null;
	/** The registration this contact was created from, and its event. */
	fromRegistration: { id: string; eventId: string; titleFi: string; titleEn: string } | null;
	/** Their registrations under every key that resolves to them, newest event first. */
	events: ContactEvent[];
}

export type GetContactResult =
	| { kind: 'found'; view: ContactView }
	| { kind: 'merged'; survivorId: string }
	| { kind: 'not_found' };

/** The contact a merged-away record now lives on, following the chain to its end. */
async function survivorOf(db: Db, row: ContactPerson): Promise<string | null> {
	let current = row;
	for (let depth = 0; depth < MAX_MERGE_DEPTH && current.mergedIntoId; depth++) {
		const [next] = await db
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.id, current.mergedIntoId));
		if (!next) return null;
		current = next;
	}
	return current.mergedIntoId ? null : current.id;
}

async function eventsOf(db: Db, personId: string): Promise<ContactEvent[]> {
	const keys = await personKeysOf(db, personId);
	const rows = await db
		.select({
			registrationId: registration.id,
			eventId: event.id,
			titleFi: event.titleFi,
			titleEn: event.titleEn,
			startsAt: event.startsAt,
			status: registration.status,
			checkedInAt: registration.checkedInAt,
			registeredAt: registration.createdAt,
			aliasReason: personAlias.reason
		})
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.leftJoin(personAlias, eq(personAlias.personId, registration.personId))
		.where(inArray(registration.personId, keys))
		.orderBy(desc(event.startsAt), desc(registration.createdAt), desc(registration.id));
	return rows.map(({ aliasReason, ...row }) => ({ ...row, linked: aliasReason === 'link' }));
}

async function fromRegistrationOf(db: Db, registrationId: string | null) {
	if (!registrationId) return null;
	const [row] = await db
		.select({
			id: registration.id,
			eventId: event.id,
			titleFi: event.titleFi,
			titleEn: event.titleEn
		})
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(eq(registration.id, registrationId));
	return row ?? null;
}

/**
 * A contact person's page: their details, organisation, where they came from and their events.
 * A merged-away id answers with the survivor to redirect to. Reading it (`view: 'page'`, or
 * `'edit'` for the edit form, without events) is a `contact.viewed` audit event.
 */
export async function getContact(
	db: Db,
	actor: StaffActor,
	id: string,
	view: 'page' | 'edit' = 'page'
): Promise<GetContactResult> {
	if (!isId(id)) return { kind: 'not_found' };
	const [row] = await db
		.select({
			contact: contactPerson,
			organisation: {
				id: organisation.id,
				name: organisation.name,
				archivedAt: organisation.archivedAt
			}
		})
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(eq(contactPerson.id, id));
	if (!row) return { kind: 'not_found' };
	if (row.contact.mergedIntoId) {
		const survivorId = await survivorOf(db, row.contact);
		return survivorId ? { kind: 'merged', survivorId } : { kind: 'not_found' };
	}
	const { contact } = row;
	const events = view === 'page' ? await eventsOf(db, contact.personId) : [];
	const fromRegistration =
		view === 'page' ? await fromRegistrationOf(db, contact.fromRegistrationId) : null;
	await recordContacts(
		db,
		actor,
		'contact.viewed',
		{ type: 'contact', id: contact.id },
		{ count: 1, details: { view, events: events.length } }
	);
	const org = row.organisation;
	return {
		kind: 'found',
		view: {
			contact,
			organisation: org ? { id: org.id, name: org.name, archived: org.archivedAt !== null } : null,
			fromRegistration,
			events
		}
	};
}
