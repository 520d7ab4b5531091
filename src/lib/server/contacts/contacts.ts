import { eq } from 'drizzle-orm';
import type { ContactData, ContactErrorKey } from '../../schemas/contacts';
import type { Db } from '../db';
import { contactPerson, person, type NewContactPerson } from '../db/schema';
import { recordContacts, type StaffActor } from './audit';
import { setArchived } from './archive';
import { isId } from '../db/ids';
import { changedFields, cleanEmail, cleanPhone, orNull } from './fields';
import { organisationExists } from './organisations';

export {
	getContact,
	type ContactEvent,
	type ContactView,
	type GetContactResult
} from './contact-view';
export { searchContacts, type ContactQuery, type ContactRow } from './contact-search';

export type ContactFieldError = {
	ok: false;
	field: 'phone' | 'organisationId';
	error: Extract<ContactErrorKey, 'phoneInvalid' | 'required'>;
};
export type ContactResult = { ok: true; id: string } | ContactFieldError;
export type ContactUpdateResult = ContactResult | { ok: false; reason: 'not_found' };

type Columns = Pick<
	NewContactPerson,
	| 'firstName'
	| 'lastName'
	| 'email'
	| 'emailNormalised'
	| 'phone'
	| 'title'
	| 'organisationId'
	| 'basis'
>;

/** The form's values as stored: phone E.164, email as typed beside its normalised form. */
async function toColumns(db: Db, data: ContactData): Promise<Columns | ContactFieldError> {
	const phone = cleanPhone(data.phone);
	if (phone === undefined) return { ok: false, field: 'phone', error: 'phoneInvalid' };
	const organisationId = orNull(data.organisationId);
	// The <select> only offers existing ones; an id that is gone (or was made up) is not kept.
	if (organisationId && !(await organisationExists(db, organisationId))) {
		return { ok: false, field: 'organisationId', error: 'required' };
	}
	const email = orNull(data.email);
	return {
		firstName: data.firstName.trim(),
		lastName: data.lastName.trim(),
		email,
		emailNormalised: cleanEmail(data.email).email,
		phone,
		title: orNull(data.title),
		organisationId,
		basis: data.basis
	};
}

/**
 * A contact person staff enter by hand: a new person key of their own (registrations can be
 * linked to it later), source `manual`, recorded as `contact.created`.
 */
export async function createContact(
	db: Db,
	actor: StaffActor,
	data: ContactData
): Promise<ContactResult> {
	const columns = await toColumns(db, data);
	if ('ok' in columns) return columns;
	return db.transaction(async (tx) => {
		const [key] = await tx.insert(person).values({}).returning({ id: person.id });
		const [created] = await tx
			.insert(contactPerson)
			.values({ ...columns, personId: key!.id, source: 'manual', createdBy: actor.id })
			.returning({ id: contactPerson.id });
		await recordContacts(
			tx,
			actor,
			'contact.created',
			{ type: 'contact', id: created!.id },
			{
				details: { source: 'manual', basis: columns.basis, organisation: columns.organisationId }
			}
		);
		return { ok: true as const, id: created!.id };
	});
}

/** Saves the edit form; a contact merged into another is not edited (its page leads to the survivor). */
export async function updateContact(
	db: Db,
	actor: StaffActor,
	id: string,
	data: ContactData
): Promise<ContactUpdateResult> {
	if (!isId(id)) return { ok: false, reason: 'not_found' };
	const columns = await toColumns(db, data);
	if ('ok' in columns) return columns;
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.id, id))
			.for('update');
		if (!before || before.mergedIntoId) return { ok: false as const, reason: 'not_found' as const };
		const fields = changedFields(before, columns);
		if (fields.length > 0) {
			await tx
				.update(contactPerson)
				.set({ ...columns, updatedAt: new Date() })
				.where(eq(contactPerson.id, id));
			await recordContacts(
				tx,
				actor,
				'contact.updated',
				{ type: 'contact', id },
				{ details: { fields } }
			);
		}
		return { ok: true as const, id };
	});
}

/** An archived contact leaves the lists and its organisation's page; nothing is deleted. */
export function archiveContact(db: Db, actor: StaffActor, id: string) {
	return setArchived(db, actor, 'contact', id, true);
}

export function restoreContact(db: Db, actor: StaffActor, id: string) {
	return setArchived(db, actor, 'contact', id, false);
}
