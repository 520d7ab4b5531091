import type { Event, Registration } from '../db/schema';
import { EMPTY_REGISTRATION_LOG, type RegistrationLog } from './registration-log';

/** What a registration export needs of the event: enough to recognise it, in each language. */
export type ExportedEvent = Pick<
	Event,
	'titleFi' | 'titleSv' | 'titleEn' | 'startsAt' | 'endsAt' | 'location'
>;

/** What it needs of the registration: every personal value as stored, and its dates. */
export type ExportedFields = { status: string } & Pick<
	Registration,
	| 'firstName'
	| 'lastName'
	| 'email'
	| 'phone'
	| 'street'
	| 'postalCode'
	| 'city'
	| 'locale'
	| 'checkedInAt'
	| 'noticeVersion'
	| 'createdAt'
	| 'updatedAt'
	| 'purgeAfter'
	| 'remindersEnabled'
	| 'offerExpiresAt'
	| 'ticketVersion'
	| 'ticketHash'
	| 'voidTicketHash'
>;

/**
 * The ticket as held: its version and the stored SHA-256 of its code, which is all the database
 * keeps (the code itself is derived from the registration with a secret key and never stored).
 * The hash is given although it means nothing to a person: it is personal data held about them
 * (Art. 15(3) asks for a copy), and it cannot be turned back into a ticket. A cancelled
 * registration's old ticket is void; an anonymised one has none.
 */
function exportTicket(r: Pick<ExportedFields, 'ticketVersion' | 'ticketHash' | 'voidTicketHash'>) {
	if (r.ticketHash) {
		return { state: 'valid' as const, version: r.ticketVersion, codeSha256: r.ticketHash };
	}
	// Cancelling raised the version past the voided one (tickets/index.ts voidTicket).
	if (r.voidTicketHash) {
		return { state: 'void' as const, version: r.ticketVersion - 1, codeSha256: r.voidTicketHash };
	}
	return null;
}

/**
 * One registration as the person receives it (Art. 15 and 20): the manage page's download and the
 * access report give the same shape, so a person who uses both sees the same record twice.
 */
export function exportRegistration(
	r: ExportedFields,
	e: ExportedEvent,
	log: RegistrationLog = EMPTY_REGISTRATION_LOG
) {
	return {
		event: {
			titleFi: e.titleFi,
			titleSv: e.titleSv,
			titleEn: e.titleEn,
			startsAt: e.startsAt.toISOString(),
			endsAt: e.endsAt.toISOString(),
			location: e.location
		},
		status: r.status,
		firstName: r.firstName,
		lastName: r.lastName,
		email: r.email,
		phone: r.phone,
		street: r.street,
		postalCode: r.postalCode,
		city: r.city,
		language: r.locale,
		checkedInAt: r.checkedInAt?.toISOString() ?? null,
		ticket: exportTicket(r),
		// Who let them in is left out, as staff names are everywhere in the report (see the log).
		checkIns: log.checkIns.map((x) => ({
			at: x.at.toISOString(),
			receivedAt: x.receivedAt.toISOString(),
			source: x.source,
			outcome: x.outcome
		})),
		remindersEnabled: r.remindersEnabled,
		// A freed seat held for them on the waiting list, until they accept or it passes on.
		openOffer: r.offerExpiresAt ? { expiresAt: r.offerExpiresAt.toISOString() } : null,
		remindersSent: log.reminders.map((x) => ({
			kind: x.kind,
			hours: x.hours,
			sentAt: x.sentAt.toISOString()
		})),
		messagesReceived: log.messages.map((x) => ({
			subject: x.subject,
			marketing: x.marketing,
			sentAt: x.sentAt.toISOString()
		})),
		privacyNoticeVersion: r.noticeVersion,
		registeredAt: r.createdAt.toISOString(),
		updatedAt: r.updatedAt.toISOString(),
		deletedAfter: r.purgeAfter.toISOString()
	};
}
