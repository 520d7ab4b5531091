import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { exportRegistration } from '../registrations/export';
import { registrationLogsOf } from '../registrations/registration-log';
import { EVENT_TIME_ZONE, formatEventRange, type Locale } from '../../datetime';
import { intlLocale } from '../../locale';
import type { Db } from '../db';
import {
	contactPerson,
	event,
	organisation,
	registration,
	type ContactBasis,
	type ContactSource,
	type Event,
	type Registration
} from '../db/schema';
import { localised } from '../../event-text';
import { basisText, sourceText } from '../mail/templates/contact-notice';
import * as tokens from '../tokens';
import { personKeysOf, resolvePerson } from '../person/keys';
import { contactListColumns } from './contact-search';

export type ContactRecordState = 'active' | 'archived' | 'merged';

export interface ContactRecord {
	id: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	title: string | null;
	organisationName: string | null;
	basis: ContactBasis;
	source: ContactSource;
	since: Date;
	updatedAt: Date;
	noticeSentAt: Date | null;
	state: ContactRecordState;
}

export interface ContactManageView {
	/** The key the person is known by now; every record under `keys` is theirs. */
	personId: string;
	keys: string[];
	/** The live record first; archived and merged-away ones are still held, so they are shown too. */
	contacts: ContactRecord[];
	/** Registrations under any of the person's keys that are not cancelled, soonest event first. */
	registrations: { registration: Registration; event: Event }[];
}

const stateOrder: Record<ContactRecordState, number> = { active: 0, archived: 1, merged: 2 };

async function contactRecords(db: Db, keys: string[]): Promise<ContactRecord[]> {
	const rows = await db
		.select({
			...contactListColumns,
			organisationName: organisation.name,
			basis: contactPerson.basis,
			source: contactPerson.source,
			since: contactPerson.createdAt,
			updatedAt: contactPerson.updatedAt,
			noticeSentAt: contactPerson.noticeSentAt,
			archivedAt: contactPerson.archivedAt,
			mergedIntoId: contactPerson.mergedIntoId
		})
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(inArray(contactPerson.personId, keys))
		.orderBy(desc(contactPerson.createdAt));
	return rows
		.map(({ archivedAt, mergedIntoId, ...row }) => ({
			...row,
			state: (mergedIntoId ? 'merged' : archivedAt ? 'archived' : 'active') as ContactRecordState
		}))
		.sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
}

async function registrationsOf(db: Db, keys: string[], options: { includeCancelled: boolean }) {
	return db
		.select({ registration, event })
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(
			and(
				inArray(registration.personId, keys),
				options.includeCancelled ? undefined : ne(registration.status, 'cancelled')
			)
		)
		.orderBy(asc(event.startsAt), asc(registration.id));
}

/**
 * What the holder of a person link (the Art. 13(3)/14 notice's) may see: the contact records of
 * the person it was sent to, resolved through links and merges, and their registrations under any
 * of their keys. Null for an unknown token or a registration's own token (that one opens
 * registrations.openManage), so the route answers exactly as for a missing page.
 */
export async function openContactManage(db: Db, token: string): Promise<ContactManageView | null> {
	const found = await tokens.find(db, token, 'manage');
	if (!found?.personId || found.registrationId) return null;
	const personId = await resolvePerson(db, found.personId);
	const keys = await personKeysOf(db, personId);
	const [contacts, registrations] = await Promise.all([
		contactRecords(db, keys),
		registrationsOf(db, keys, { includeCancelled: false })
	]);
	return { personId, keys, contacts, registrations };
}

/** The contact view as the page shows it, in the reader's language. */
export function presentContactView(view: ContactManageView, locale: Locale) {
	const date = new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: EVENT_TIME_ZONE,
		dateStyle: 'long'
	});
	return {
		contacts: view.contacts.map((c) => ({
			id: c.id,
			name: `${c.firstName} ${c.lastName}`,
			email: c.email,
			phone: c.phone,
			title: c.title,
			organisation: c.organisationName,
			basis: basisText(c.basis, locale),
			source: sourceText(c.source, locale),
			since: date.format(c.since),
			sinceIso: c.since.toISOString(),
			state: c.state
		})),
		registrations: view.registrations.map(({ registration: r, event: e }) => ({
			id: r.id,
			title: localised(e, locale).title,
			when: formatEventRange(e.startsAt, e.endsAt, locale),
			startsAtIso: e.startsAt.toISOString(),
			location: e.location,
			status: r.status as 'confirmed' | 'waitlisted'
		}))
	};
}

/** Art. 15 and 20 for a person link: every contact record and every registration, cancelled too. */
export async function exportContactData(db: Db, view: ContactManageView, now: Date = new Date()) {
	const [contacts, registrations] = await Promise.all([
		contactRecords(db, view.keys),
		registrationsOf(db, view.keys, { includeCancelled: true })
	]);
	const logs = await registrationLogsOf(
		db,
		registrations.map((row) => row.registration)
	);
	return {
		exportedAt: now.toISOString(),
		controller: 'see /privacy',
		contacts: contacts.map((c) => ({
			firstName: c.firstName,
			lastName: c.lastName,
			email: c.email,
			phone: c.phone,
			title: c.title,
			organisation: c.organisationName,
			legalBasis: c.basis,
			source: c.source,
			state: c.state,
			inRegisterSince: c.since.toISOString(),
			updatedAt: c.updatedAt.toISOString(),
			noticeSentAt: c.noticeSentAt?.toISOString() ?? null
		})),
		registrations: registrations.map(({ registration: r, event: e }) =>
			exportRegistration(r, e, logs.get(r.id))
		)
	};
}
