import { normaliseEmail } from '../person/email';
import { desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	accessToken,
	auditEvent,
	dataSubjectRequest,
	emailOutbox,
	marketingConsentRequest,
	registrantDismissal
} from '../db/schema';
import { hashRecipient } from '../mail/outbox';
import {
	groupsBookedBy,
	enteredByOthers,
	groupSourcesOf,
	type BookedGroup,
	type EnteredByOther,
	type GroupSource
} from '../groups/privacy';
import { registrationLogsOf, type RegistrationLog } from '../registrations/registration-log';
import { entriesFor, historyOf, type HistoryEntry } from '../permissions/ledger';
import { deriveState, type DerivedState } from '../permissions/rules';
import {
	contactsOf,
	organisationsOf,
	registrationsOf,
	type FoundContact,
	type FoundOrganisation,
	type FoundRegistration
} from './records';
import {
	auditAbout,
	findSubjects,
	requestsAbout,
	type PersonQuery,
	type Subjects
} from '../person/subjects';

export type { FoundContact, FoundOrganisation, FoundRegistration };

export interface FoundAuditEvent {
	id: number;
	at: Date;
	action: string;
	actorKind: string;
	subjectType: string | null;
	subjectId: string | null;
	count: number | null;
	details: Record<string, unknown> | null;
}

/** Everything held about one person, gathered for a data-subject request. */
export interface PersonData {
	subjects: Subjects;
	/** Every email and phone number of theirs found in the records (normalised). */
	emails: string[];
	phones: string[];
	registrations: FoundRegistration[];
	contacts: FoundContact[];
	organisations: FoundOrganisation[];
	marketing: { state: DerivedState; history: HistoryEntry[] };
	consentRequests: {
		id: string;
		personId: string;
		channel: string;
		email: string;
		createdAt: Date;
		expiresAt: Date;
		confirmedAt: Date | null;
	}[];
	requests: { id: string; kind: string; status: string; channel: string; receivedAt: Date }[];
	auditEvents: FoundAuditEvent[];
	/** Links (manage, consent, unsubscribe, verification) that open their records. */
	tokens: number;
	/** Messages to them in the outbox: pending ones still hold the body; sent ones a hash only. */
	outboxIds: number[];
	dismissed: boolean;
	/** Reminders, messages and check-ins of each registration, by its id. */
	logs: Map<string, RegistrationLog>;
	/** The groups they booked, with the attendees as they entered them. */
	groupsBooked: BookedGroup[];
	/** Who registered them, for each registration a group's booker made for them. */
	groupSources: Map<string, GroupSource>;
	/** Attendee rows a booker entered for them, with or without a registration of their own. */
	enteredByOthers: EnteredByOther[];
}

const unique = <T>(values: T[]) => [...new Set(values)];

async function historyOfAll(db: Db | Tx, people: string[]): Promise<HistoryEntry[]> {
	const seen = new Set<string>();
	const all: HistoryEntry[] = [];
	for (const id of people) {
		for (const entry of await historyOf(db, id)) {
			if (seen.has(entry.id)) continue;
			seen.add(entry.id);
			all.push(entry);
		}
	}
	return all.sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime());
}

/**
 * Everything held about the person an email and/or phone number (or a known key) points at:
 * registrations with their events, contact records with their organisations, the marketing ledger,
 * consent requests, their own requests, audit rows naming their records, links and queued mail.
 */
export async function findPersonData(db: Db | Tx, query: PersonQuery): Promise<PersonData> {
	const subjects = await findSubjects(db, query);
	const keys = subjects.personKeys;
	const registrations = await registrationsOf(db, keys);
	const contacts = await contactsOf(db, keys);
	const consentRequests = await db
		.select({
			id: marketingConsentRequest.id,
			personId: marketingConsentRequest.personId,
			channel: marketingConsentRequest.channel,
			email: marketingConsentRequest.email,
			createdAt: marketingConsentRequest.createdAt,
			expiresAt: marketingConsentRequest.expiresAt,
			confirmedAt: marketingConsentRequest.confirmedAt
		})
		.from(marketingConsentRequest)
		.where(
			or(
				inArray(marketingConsentRequest.personId, keys),
				subjects.email
					? eq(sql`lower(${marketingConsentRequest.email})`, subjects.email)
					: undefined
			)
		)
		.orderBy(desc(marketingConsentRequest.createdAt));
	const groupsBooked = await groupsBookedBy(db, { personKeys: keys, email: subjects.email });
	const emails = unique(
		[
			subjects.email,
			...groupsBooked.map((g) => g.booker.email && normaliseEmail(g.booker.email)),
			...registrations.map((r) => r.emailNormalised),
			...contacts.map((c) => c.emailNormalised),
			...consentRequests.map((c) => normaliseEmail(c.email))
		].filter((value): value is string => Boolean(value))
	);
	const phones = unique(
		[subjects.phone, ...registrations.map((r) => r.phone), ...contacts.map((c) => c.phone)].filter(
			(value): value is string => Boolean(value)
		)
	);
	const requests = await db
		.select({
			id: dataSubjectRequest.id,
			kind: dataSubjectRequest.kind,
			status: dataSubjectRequest.status,
			channel: dataSubjectRequest.channel,
			receivedAt: dataSubjectRequest.receivedAt
		})
		.from(dataSubjectRequest)
		.where(requestsAbout(subjects, emails, phones))
		.orderBy(desc(dataSubjectRequest.receivedAt));
	const auditEvents = await db
		.select({
			id: auditEvent.id,
			at: auditEvent.at,
			action: auditEvent.action,
			actorKind: auditEvent.actorKind,
			subjectType: auditEvent.subjectType,
			subjectId: auditEvent.subjectId,
			count: auditEvent.count,
			details: auditEvent.details
		})
		.from(auditEvent)
		.where(
			auditAbout(
				subjects,
				requests.map((r) => r.id)
			)
		)
		.orderBy(desc(auditEvent.at), desc(auditEvent.id));
	const [tokens] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(accessToken)
		.where(
			or(
				inArray(accessToken.personId, keys),
				inArray(accessToken.registrationId, subjects.registrationIds)
			)
		);
	const outbox = await db
		.select({ id: emailOutbox.id })
		.from(emailOutbox)
		.where(inArray(emailOutbox.recipientHash, emails.map(hashRecipient)));
	const [dismissal] = await db
		.select({ personId: registrantDismissal.personId })
		.from(registrantDismissal)
		.where(inArray(registrantDismissal.personId, keys))
		.limit(1);
	return {
		subjects,
		emails,
		phones,
		registrations,
		contacts,
		organisations: await organisationsOf(db, contacts, emails, phones),
		marketing: {
			state: deriveState(await entriesFor(db, keys)),
			history: await historyOfAll(db, subjects.people)
		},
		consentRequests,
		requests,
		auditEvents,
		tokens: tokens?.n ?? 0,
		outboxIds: outbox.map((row) => row.id),
		dismissed: dismissal !== undefined,
		logs: await registrationLogsOf(db, registrations),
		groupsBooked,
		groupSources: await groupSourcesOf(
			db,
			registrations.map((r) => r.id)
		),
		enteredByOthers: await enteredByOthers(db, {
			registrationIds: registrations.map((r) => r.id),
			emails
		})
	};
}

/** Whether anything at all is held (an answer of "nothing" is an answer too). */
export function holdsAnything(data: PersonData): boolean {
	return (
		data.registrations.length > 0 ||
		data.contacts.length > 0 ||
		data.groupsBooked.length > 0 ||
		data.marketing.history.length > 0 ||
		data.consentRequests.length > 0
	);
}

/**
 * The address a verification link and a report may go to: the requester's own email when it is
 * on record, else the most recent email on record; null when none is held.
 */
export function emailOnRecord(data: PersonData): string | null {
	const held = [
		...data.registrations
			.slice()
			.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
			.map((r) => r.emailNormalised),
		...data.contacts.map((c) => c.emailNormalised),
		// A booker who did not attend is held only as a group's contact.
		...data.groupsBooked.map((g) => g.booker.email && normaliseEmail(g.booker.email))
	].filter((value): value is string => Boolean(value));
	if (data.subjects.email && held.includes(data.subjects.email)) return data.subjects.email;
	return held[0] ?? null;
}
