import * as m from '../../../paraglide/messages.js';
import { formatDateTime, formatEventRange, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import type { RegistrationCalendar } from '../ics';
import {
	calendarAttachment,
	contactLine,
	detailsHtml,
	detailsText,
	ticketParts,
	type EventContact,
	type MailTicket
} from './event-parts';
import { renderAttendeeNotice, type AttendeeNotice } from './attendee-notice';
import { greet } from './greeting';
import { escapeHtml, renderHtmlLayout } from './layout';

/** Why the registrant is written to: each kind is its own outbox template name. */
export type RegistrationMailKind =
	| 'confirmed'
	| 'waitlisted'
	| 'already_confirmed'
	| 'already_waitlisted'
	| 'promoted'
	| 'cancelled'
	/** A group's booker cancelled this attendee from the group page. */
	| 'cancelled_by_booker'
	| 'event_cancelled'
	| 'updated'
	| 'offered'
	| 'offer_expired';

export interface RegistrationMailInput {
	kind: RegistrationMailKind;
	locale: Locale;
	waitlistPosition: number | null;
	/** Until when an offered seat is held ('offered'): the lead names it in the event's time zone. */
	offerExpiresAt?: Date | null;
	registrationId: string;
	firstName: string;
	/** The attendee's name in the calendar entry. */
	fullName: string;
	email: string;
	event: {
		title: string;
		description: string;
		location: string;
		startsAt: Date;
		endsAt: Date;
	};
	eventUrl: string;
	manageUrl: string;
	organizer: { name: string; email: string };
	/** The event's contact person (phone in E.164): a "Questions:" line names what is set. */
	contact?: EventContact;
	/** On an 'updated' mail: the time and place before the change. */
	previous?: { startsAt: Date; endsAt: Date; location: string };
	/**
	 * The calendar entry this mail carries, if any: REQUEST for a confirmed seat, CANCEL to withdraw
	 * one sent before. The caller decides, as only it knows what the registrant was already sent.
	 */
	calendar: RegistrationCalendar | null;
	/** The confirmed registration's ticket (tickets/): its QR goes inline, its code in both parts. */
	ticket?: MailTicket | null;
	/** A group attendee's first mail: who signed them up, with the Art. 14 notice. */
	registeredBy?: AttendeeNotice;
}

type Message<P> = (inputs: P, options: { locale: Locale }) => string;

/** Each kind's subject (given the title) and opening line (given the waiting-list place). */
const TEXTS: Record<
	RegistrationMailKind,
	{
		subject: Message<{ title: string }>;
		lead: Message<{ position: number | string; deadline: string }>;
	}
> = {
	confirmed: { subject: m.mail_confirmed_subject, lead: m.mail_confirmed_body },
	waitlisted: { subject: m.mail_waitlisted_subject, lead: m.mail_waitlisted_body },
	already_confirmed: { subject: m.mail_already_subject, lead: m.mail_already_body_confirmed },
	already_waitlisted: { subject: m.mail_already_subject, lead: m.mail_already_body_waitlisted },
	promoted: { subject: m.mail_promoted_subject, lead: m.mail_promoted_body },
	cancelled: { subject: m.mail_cancelled_subject, lead: m.mail_cancelled_body },
	cancelled_by_booker: {
		subject: m.mail_cancelled_subject,
		lead: m.mail_cancelled_by_booker_body
	},
	event_cancelled: { subject: m.mail_event_cancelled_subject, lead: m.mail_event_cancelled_body },
	updated: { subject: m.mail_updated_subject, lead: m.mail_updated_body },
	offered: { subject: m.mail_offered_subject, lead: m.mail_offered_body },
	offer_expired: { subject: m.mail_offer_expired_subject, lead: m.mail_offer_expired_body }
};

function texts(input: RegistrationMailInput) {
	const options = { locale: input.locale };
	const { subject, lead } = TEXTS[input.kind];
	return {
		subject: subject({ title: input.event.title }, options),
		lead: lead(
			{
				position: input.waitlistPosition ?? '?',
				deadline: input.offerExpiresAt ? formatDateTime(input.offerExpiresAt, input.locale) : '?'
			},
			options
		)
	};
}

/**
 * Every registration message, in the registrant's language. A confirmed seat brings its calendar
 * entry, a cancellation withdraws it; a waiting-list place puts nothing in the calendar.
 */
export function renderRegistrationMail(input: RegistrationMailInput): OutboxMessage {
	const locale = input.locale;
	const title = input.event.title;
	const when = formatEventRange(input.event.startsAt, input.event.endsAt, locale);
	const { subject, lead } = texts(input);
	const cancelled = [
		'cancelled',
		'cancelled_by_booker',
		'event_cancelled',
		'offer_expired'
	].includes(input.kind);
	const greeting = greet(input.firstName, locale);
	const details: [string, string][] = [
		[m.mail_event_title({}, { locale }), title],
		[m.mail_event_when({}, { locale }), when],
		[m.mail_event_where({}, { locale }), input.event.location]
	];
	const previous = input.previous
		? m.mail_updated_before(
				{
					when: formatEventRange(input.previous.startsAt, input.previous.endsAt, locale),
					where: input.previous.location
				},
				{ locale }
			)
		: null;
	const contact = contactLine(input.contact, locale);
	const manageIntro = cancelled
		? m.mail_manage_intro_cancelled({}, { locale })
		: m.mail_manage_intro({}, { locale });
	// The note promises an entry only where one is attached.
	const calendarNote =
		input.calendar?.method === 'REQUEST' ? [m.mail_calendar_note({}, { locale })] : [];
	const ticket = input.ticket ? ticketParts(input.ticket, locale) : null;
	const signature = m.mail_signature({}, { locale });
	const footer = m.mail_footer({}, { locale });
	const notice = input.registeredBy ? renderAttendeeNotice(input.registeredBy, locale) : null;

	const text = [
		greeting,
		'',
		lead,
		'',
		...detailsText(details),
		...(previous ? [previous] : []),
		input.eventUrl,
		'',
		...(ticket ? [...ticket.text, ''] : []),
		...(contact ? [contact.text, ''] : []),
		...calendarNote.flatMap((note) => [note, '']),
		...(notice?.text ?? []),
		manageIntro,
		input.manageUrl,
		'',
		signature,
		'',
		'--',
		footer
	].join('\n');

	const html = renderHtmlLayout({
		lang: locale,
		title: subject,
		body: `<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
${detailsHtml(details)}
${previous ? `<p>${escapeHtml(previous)}</p>` : ''}
<p><a href="${escapeHtml(input.eventUrl)}">${escapeHtml(title)}</a></p>
${ticket?.html ?? ''}
${contact?.html ?? ''}
${calendarNote.map((note) => `<p>${escapeHtml(note)}</p>`).join('')}
${notice?.html ?? ''}
<p>${escapeHtml(manageIntro)}<br><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(m.mail_manage_link({}, { locale }))}</a></p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});

	const attachments = input.calendar
		? [
				calendarAttachment({
					calendar: input.calendar,
					event: { ...input.event, title },
					eventUrl: input.eventUrl,
					organizer: input.organizer,
					attendee: { name: input.fullName, email: input.email }
				})
			]
		: [];

	if (ticket) attachments.push(ticket.attachment);
	return { to: input.email, subject, text, html, attachments };
}
