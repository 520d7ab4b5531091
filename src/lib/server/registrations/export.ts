import type { Event, Registration } from '../db/schema';
import { EMPTY_MAIL_LOG, type MailLog } from './mail-log';

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
>;

/**
 * One registration as the person receives it (Art. 15 and 20): the manage page's download and the
 * access report give the same shape, so a person who uses both sees the same record twice.
 */
export function exportRegistration(
	r: ExportedFields,
	e: ExportedEvent,
	log: MailLog = EMPTY_MAIL_LOG
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
