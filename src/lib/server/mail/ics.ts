import ical, {
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus
} from 'ical-generator';

/** The one module that writes calendar files: registration mails and the public download. */

export interface CalendarEventText {
	title: string;
	description: string;
	location: string;
	startsAt: Date;
	endsAt: Date;
	url: string;
}

export interface Person {
	name: string;
	email: string;
}

/** How a registration's entry travels: REQUEST puts or updates it, CANCEL withdraws it. */
export type RegistrationCalendarMethod = 'REQUEST' | 'CANCEL';

export interface RegistrationCalendar {
	method: RegistrationCalendarMethod;
	uid: string;
	sequence: number;
}

const PROD_ID = { company: 'Ilmo', product: 'Event registration', language: 'EN' };

/** RFC 5545 §3.2: a quoted parameter (the CN of a person) cannot hold a double quote at all. */
function person(p: Person): Person {
	return { name: p.name.replace(/"/g, ''), email: p.email };
}

/** What every entry says of the event itself, whichever method carries it. */
function entry(event: CalendarEventText, now: Date) {
	return {
		stamp: now,
		start: event.startsAt,
		end: event.endsAt,
		summary: event.title,
		description: event.description,
		location: event.location,
		url: event.url
	};
}

/** RFC 5545 §3.1 ends every line, the last one too, with CRLF. */
function serialise(calendar: ReturnType<typeof ical>): string {
	const text = calendar.toString();
	return text.endsWith('\r\n') ? text : text + '\r\n';
}

/** The host calendar UIDs live on (RFC 5545 recommends a domain the sender controls). */
function hostOf(origin: string): string {
	return new URL(origin).hostname;
}

/** One UID per registration, so later mails update or withdraw the same calendar entry. */
export function registrationUid(registrationId: string, origin: string): string {
	return `registration-${registrationId}@${hostOf(origin)}`;
}

/** One UID per event for the public download: never the same entry as a registration's. */
export function eventUid(eventId: string, origin: string): string {
	return `event-${eventId}@${hostOf(origin)}`;
}

/** The content type a calendar mail part needs: clients act on an invitation only with the method. */
export function calendarContentType(method: RegistrationCalendarMethod): string {
	return `text/calendar; method=${method}; charset=utf-8`;
}

/**
 * A registration's entry, in UTC so every calendar places it right. The registrant is the only
 * attendee, already accepted and asked for no reply: the sign-up itself was the answer.
 */
export function createRegistrationIcs(
	input: {
		calendar: RegistrationCalendar;
		event: CalendarEventText;
		organizer: Person;
		attendee: Person;
	},
	now: Date = new Date()
): string {
	const { calendar, event } = input;
	const cancel = calendar.method === 'CANCEL';
	return serialise(
		ical({
			prodId: PROD_ID,
			method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
			events: [
				{
					...entry(event, now),
					id: calendar.uid,
					sequence: calendar.sequence,
					status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
					organizer: person(input.organizer),
					attendees: [
						{
							...person(input.attendee),
							rsvp: false,
							status: ICalAttendeeStatus.ACCEPTED,
							role: ICalAttendeeRole.REQ
						}
					]
				}
			]
		})
	);
}

/**
 * The event for anyone to add to their calendar: no attendee, the organiser RFC 5546 asks of a
 * PUBLISH. `sequence` grows with every revision of the event, so importing the file again after an
 * edit or a cancellation replaces the entry instead of adding a second one.
 */
export function createPublicIcs(
	input: {
		uid: string;
		event: CalendarEventText;
		cancelled: boolean;
		sequence: number;
		organizer: Person;
	},
	now: Date = new Date()
): string {
	const { event } = input;
	return serialise(
		ical({
			prodId: PROD_ID,
			method: ICalCalendarMethod.PUBLISH,
			events: [
				{
					...entry(event, now),
					id: input.uid,
					sequence: input.sequence,
					organizer: person(input.organizer),
					status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
				}
			]
		})
	);
}

/** One event of a subscribable calendar. */
export interface FeedCalendarEntry {
	uid: string;
	sequence: number;
	cancelled: boolean;
	/** When the event last changed: the entry's DTSTAMP and LAST-MODIFIED. */
	changedAt: Date;
	event: CalendarEventText;
}

/**
 * A calendar to subscribe to (RFC 5545 with RFC 7986's NAME/REFRESH-INTERVAL and the older X-WR-
 * CALNAME/X-PUBLISHED-TTL that Outlook and Apple read). No METHOD: it is a published calendar, not
 * a scheduling message, so RFC 5546's ORGANIZER is not needed and no address goes in it. Without a
 * METHOD, DTSTAMP is the entry's last revision (RFC 5545 §3.8.7.2), so the same events give the
 * same bytes and the file can be revalidated by its digest.
 */
export function createFeedIcs(input: {
	name: string;
	url: string;
	refreshSeconds: number;
	entries: FeedCalendarEntry[];
}): string {
	return serialise(
		ical({
			prodId: PROD_ID,
			name: input.name,
			url: input.url,
			ttl: input.refreshSeconds,
			events: input.entries.map((e) => ({
				...entry(e.event, e.changedAt),
				id: e.uid,
				sequence: e.sequence,
				lastModified: e.changedAt,
				status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
			}))
		})
	);
}
