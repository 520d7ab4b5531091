import * as audit from '../audit';
import type { Db, Tx } from '../db';

/** Whoever works on the register: a signed-in staff account. */
export interface StaffActor {
	id: string;
}

export type ContactAction =
	| 'organisations.listed'
	| 'organisation.viewed'
	| 'organisation.created'
	| 'organisation.updated'
	| 'organisation.archived'
	| 'organisation.restored'
	| 'contacts.listed'
	| 'contact.viewed'
	| 'contact.created'
	| 'contact.updated'
	| 'contact.archived'
	| 'contact.restored'
	| 'contact.linked'
	| 'contact.unlinked'
	| 'contact.created_from_registration'
	| 'registrant.dismissed'
	| 'registrant.undismissed';

export type ContactSubject = {
	type: 'organisation' | 'contact' | 'registration' | 'person';
	id: string;
};

/**
 * One audit row per reading or change of the register. Details carry ids, counts, option names and
 * the names of changed fields only: never a name, an address or the search text, which would
 * outlive the person in the append-only trail.
 */
export function recordContacts(
	db: Db | Tx,
	actor: StaffActor,
	action: ContactAction,
	subject: ContactSubject | null,
	extra: { count?: number; details?: Record<string, unknown> } = {}
) {
	return audit.record(db, {
		action,
		actor: { kind: 'staff', id: actor.id },
		subject: subject ?? undefined,
		count: extra.count,
		details: extra.details
	});
}
