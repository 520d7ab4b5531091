import { formatDateTime, formatEventRange, type Locale } from '../../datetime';
import type { Event } from '../db/schema';
import { localised } from '../../event-text';
import { formatPhoneForPeople } from '../phone';
import { registrationState, seatsLeft } from './index';

/** What the public pages show of an event, already in the visitor's language. */
export function presentEvent(e: Event, locale: Locale, now: Date = new Date()) {
	const texts = localised(e, locale);
	return {
		slug: e.slug,
		title: texts.title,
		titleLang: texts.titleLang,
		description: texts.description,
		descriptionLang: texts.descriptionLang,
		when: formatEventRange(e.startsAt, e.endsAt, locale),
		startsAtIso: e.startsAt.toISOString(),
		endsAtIso: e.endsAt.toISOString(),
		location: e.location,
		capacity: e.capacity,
		seatsLeft: seatsLeft(e),
		state: registrationState(e, now),
		opensAt: e.registrationOpensAt ? formatDateTime(e.registrationOpensAt, locale) : null,
		opensAtIso: e.registrationOpensAt?.toISOString() ?? null,
		closesAt: e.registrationClosesAt ? formatDateTime(e.registrationClosesAt, locale) : null,
		retentionDays: e.retentionDays,
		phonePolicy: e.phonePolicy,
		addressPolicy: e.addressPolicy
	};
}

export type PublicEvent = ReturnType<typeof presentEvent>;

/**
 * The event's contact person as its page shows them, or null when none is set: the phone as
 * people write it, with the E.164 number for the tel: link.
 */
export function presentContact(e: Pick<Event, 'contactName' | 'contactEmail' | 'contactPhone'>) {
	if (!e.contactName && !e.contactEmail && !e.contactPhone) return null;
	return {
		name: e.contactName,
		email: e.contactEmail,
		phone: e.contactPhone ? formatPhoneForPeople(e.contactPhone) : '',
		phoneHref: e.contactPhone ? `tel:${e.contactPhone}` : ''
	};
}

export type PublicContact = NonNullable<ReturnType<typeof presentContact>>;
