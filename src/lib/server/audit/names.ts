import { desc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { Db } from '../db';
import { isId } from '../db/ids';
import {
	contactPerson,
	dataSubjectRequest,
	event,
	organisation,
	registration,
	staffUser
} from '../db/schema';
import { messageFor } from './describe';
import { eventTitle } from '../../event-text';

/** A record an audit event names, as subject or in its details. */
export interface RecordRef {
	type: string;
	id: string;
}

export interface RecordName {
	text: string;
	/** The staff page of the record, when the viewer may open it and it still exists. */
	path: string | null;
	/** Whether `text` is a person's name: reading it is itself a read of personal data. */
	personal: boolean;
}

/** The rights that let a viewer see a record's name: the ones that open its own staff page. */
export type NameRight =
	| 'events.view'
	| 'attendees.view'
	| 'contacts.manage'
	| 'organisations.manage'
	| 'users.manage'
	| 'permissions.manage'
	| 'requests.manage';

export interface NameOptions {
	/** Whether the viewer holds a right (auth/access.ts): passed in, so the trail looks down only. */
	may: (right: NameRight) => boolean;
	/** The name erasure and retention leave on a registration (requests/erase-core.ts). */
	erased: { firstName: string; lastName: string };
	locale: Locale;
}

const RIGHTS: Record<string, NameRight> = {
	event: 'events.view',
	registration: 'attendees.view',
	contact: 'contacts.manage',
	organisation: 'organisations.manage',
	staff_user: 'users.manage',
	person: 'permissions.manage',
	data_subject_request: 'requests.manage'
};

type Texts = { hidden: () => string; gone: () => string };
const key = (type: string, id: string) => `${type}:${id}`;

const fullName = (row: { firstName: string; lastName: string }) =>
	`${row.firstName} ${row.lastName}`.trim();

async function readNames(
	db: Db,
	type: string,
	ids: string[],
	options: NameOptions
): Promise<Map<string, RecordName>> {
	const found = new Map<string, RecordName>();
	// A left join may find no event (erased): its title is then empty.
	const title = (row: { titleFi: string | null; titleEn: string | null }) =>
		eventTitle({ titleFi: row.titleFi ?? '', titleEn: row.titleEn ?? '' }, options.locale);
	if (type === 'event') {
		const rows = await db
			.select({ id: event.id, titleFi: event.titleFi, titleEn: event.titleEn })
			.from(event)
			.where(inArray(event.id, ids));
		for (const row of rows) {
			found.set(row.id, { text: title(row), path: `/staff/events/${row.id}`, personal: false });
		}
	} else if (type === 'registration') {
		const rows = await db
			.select({
				id: registration.id,
				eventId: registration.eventId,
				firstName: registration.firstName,
				lastName: registration.lastName,
				titleFi: event.titleFi,
				titleEn: event.titleEn
			})
			.from(registration)
			.leftJoin(event, eq(event.id, registration.eventId))
			.where(inArray(registration.id, ids));
		const { erased } = options;
		for (const row of rows) {
			const gone = row.firstName === erased.firstName && row.lastName === erased.lastName;
			const text = gone
				? m.audit_subject_registration_erased({}, options)
				: m.audit_subject_registration_named({ name: fullName(row), event: title(row) }, options);
			const path = `/staff/events/${row.eventId}/registrants/${row.id}`;
			found.set(row.id, { text, path, personal: !gone });
		}
	} else if (type === 'contact') {
		const rows = await db
			.select({
				id: contactPerson.id,
				firstName: contactPerson.firstName,
				lastName: contactPerson.lastName
			})
			.from(contactPerson)
			.where(inArray(contactPerson.id, ids));
		for (const row of rows) {
			found.set(row.id, { text: fullName(row), path: `/staff/contacts/${row.id}`, personal: true });
		}
	} else if (type === 'organisation') {
		const rows = await db
			.select({ id: organisation.id, name: organisation.name })
			.from(organisation)
			.where(inArray(organisation.id, ids));
		for (const row of rows) {
			found.set(row.id, {
				text: row.name,
				path: `/staff/organisations/${row.id}`,
				personal: false
			});
		}
	} else if (type === 'staff_user') {
		const rows = await db
			.select({ id: staffUser.id, name: staffUser.displayName })
			.from(staffUser)
			.where(inArray(staffUser.id, ids));
		for (const row of rows) {
			found.set(row.id, { text: row.name, path: `/staff/users/${row.id}`, personal: false });
		}
	} else if (type === 'person') {
		// A person key has no name of its own: the contact record's, else the latest sign-up's.
		const contacts = await db
			.select({
				id: contactPerson.personId,
				firstName: contactPerson.firstName,
				lastName: contactPerson.lastName
			})
			.from(contactPerson)
			.where(inArray(contactPerson.personId, ids));
		const registrations = await db
			.select({
				id: registration.personId,
				firstName: registration.firstName,
				lastName: registration.lastName
			})
			.from(registration)
			.where(inArray(registration.personId, ids))
			.orderBy(desc(registration.createdAt));
		for (const row of [...contacts, ...registrations]) {
			if (found.has(row.id)) continue;
			found.set(row.id, {
				text: fullName(row),
				path: `/staff/permissions/${row.id}`,
				personal: true
			});
		}
	} else if (type === 'data_subject_request') {
		const rows = await db
			.select({ id: dataSubjectRequest.id, kind: dataSubjectRequest.kind })
			.from(dataSubjectRequest)
			.where(inArray(dataSubjectRequest.id, ids));
		for (const row of rows) {
			const kind = messageFor(`audit_value_kind_${row.kind}`, options.locale) ?? row.kind;
			found.set(row.id, {
				text: m.audit_subject_data_subject_request_named({ kind }, options),
				path: `/staff/requests/${row.id}`,
				personal: false
			});
		}
	}
	return found;
}

function neutral(type: string, options: NameOptions): Texts | null {
	const locale = { locale: options.locale };
	switch (type) {
		case 'event':
			return {
				hidden: () => m.audit_subject_event({}, locale),
				gone: () => m.audit_subject_event_gone({}, locale)
			};
		case 'registration':
			return {
				hidden: () => m.audit_subject_registration({}, locale),
				gone: () => m.audit_subject_registration_gone({}, locale)
			};
		case 'contact':
			return {
				hidden: () => m.audit_subject_contact({}, locale),
				gone: () => m.audit_subject_contact_gone({}, locale)
			};
		case 'organisation':
			return {
				hidden: () => m.audit_subject_organisation({}, locale),
				gone: () => m.audit_subject_organisation_gone({}, locale)
			};
		case 'staff_user':
			return {
				hidden: () => m.audit_subject_staff_user({}, locale),
				gone: () => m.audit_subject_staff_user_gone({}, locale)
			};
		case 'person':
			return {
				hidden: () => m.audit_subject_person({}, locale),
				gone: () => m.audit_subject_person_gone({}, locale)
			};
		case 'data_subject_request':
			return {
				hidden: () => m.audit_subject_data_subject_request({}, locale),
				gone: () => m.audit_subject_data_subject_request_gone({}, locale)
			};
		default:
			return null;
	}
}

/** Records with no table of their own to read: named from the id alone. */
function namedById(type: string, id: string, options: NameOptions): string {
	const locale = { locale: options.locale };
	if (type === 'retention_run') return m.audit_subject_retention_run({}, locale);
	if (type === 'staff_setting') {
		const name = messageFor(`audit_setting_${id}`, options.locale) ?? id;
		return m.audit_subject_staff_setting({ name }, locale);
	}
	return `${type} ${id}`;
}

/**
 * The names of the records a page of audit events points at, one query per type. A viewer who
 * lacks the right that opens a record's own page sees a neutral word ("registration") and nothing
 * is read for them; a record since removed or erased says so. `personal` counts what the page
 * shows of people, so that reading the trail is recorded as the read of personal data it is.
 */
export async function nameRecords(
	db: Db,
	refs: RecordRef[],
	options: NameOptions
): Promise<Map<string, RecordName>> {
	const names = new Map<string, RecordName>();
	const byType = new Map<string, Set<string>>();
	for (const ref of refs) {
		if (names.has(key(ref.type, ref.id))) continue;
		const texts = neutral(ref.type, options);
		if (!texts) {
			names.set(key(ref.type, ref.id), {
				text: namedById(ref.type, ref.id, options),
				path: null,
				personal: false
			});
			continue;
		}
		const right = RIGHTS[ref.type]!;
		if (!options.may(right) || !isId(ref.id)) {
			names.set(key(ref.type, ref.id), {
				text: options.may(right) ? texts.gone() : texts.hidden(),
				path: null,
				personal: false
			});
			continue;
		}
		byType.set(ref.type, (byType.get(ref.type) ?? new Set()).add(ref.id));
	}
	for (const [type, ids] of byType) {
		const found = await readNames(db, type, [...ids], options);
		const texts = neutral(type, options)!;
		for (const id of ids) {
			names.set(
				key(type, id),
				found.get(id) ?? { text: texts.gone(), path: null, personal: false }
			);
		}
	}
	return names;
}

/** Looks a record up in what nameRecords found; a record it was not given reads by type and id. */
export function nameIn(names: Map<string, RecordName>) {
	return (type: string, id: string): RecordName =>
		names.get(key(type, id)) ?? { text: `${type} ${id}`, path: null, personal: false };
}
