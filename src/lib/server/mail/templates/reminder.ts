import * as m from '../../../paraglide/messages.js';
import { formatEventRange, formatShortDateTime, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import type { RegistrationCalendar } from '../ics';
import { messageHtml, parseMessageText } from './attendee-message';
import {
	calendarAttachment,
	contactLine,
	detailsHtml,
	detailsText,
	ticketParts,
	type EventContact,
	type MailTicket
} from './event-parts';
import { greet } from './greeting';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface ReminderMailInput {
	kind: 'before_start' | 'after_end';
	locale: Locale;
	firstName: string;
	fullName: string;
	email: string;
	event: { title: string; description: string; location: string; startsAt: Date; endsAt: Date };
	/** Staff's words in the registrant's language: a note (before) or the message itself (after). */
	subject: string;
	body: string;
	contact: EventContact;
	eventUrl: string;
	manageUrl: string;
	/** The one-button page that cancels the place and passes it on (before the event only). */
	cancelUrl: string | null;
	organizer: { name: string; email: string };
	/** The updated entry (REQUEST, same UID, higher SEQUENCE), so the calendar holds the latest. */
	calendar: RegistrationCalendar | null;
	/** The confirmed registration's ticket (tickets/): its QR goes inline, its code in both parts. */
	ticket?: MailTicket | null;
	now: Date;
}

/**
 * A reminder before the event (time, place, contact, the staff's note, the updated calendar entry,
 * the manage link and "I can't come after all"), or the message after it to those who came.
 * Plain links only: nothing tracks whether it was opened or clicked.
 */
export function renderReminderMail(input: ReminderMailInput): OutboxMessage {
	const { locale, event } = input;
	const options = { locale };
	const before = input.kind === 'before_start';
	const subject = before
		? m.mail_reminder_subject(
				{ title: event.title, when: formatShortDateTime(event.startsAt, locale, input.now) },
				options
			)
		: input.subject || m.mail_after_subject({ title: event.title }, options);
	const greeting = greet(input.firstName, locale);
	const lead = before ? m.mail_reminder_body({}, options) : '';
	const details: [string, string][] = before
		? [
				[m.mail_event_title({}, options), event.title],
				[m.mail_event_when({}, options), formatEventRange(event.startsAt, event.endsAt, locale)],
				[m.mail_event_where({}, options), event.location]
			]
		: [];
	const contact = contactLine(input.contact, locale);
	const calendarNote = input.calendar ? m.mail_calendar_note({}, options) : '';
	const cantCome = input.cancelUrl ? m.mail_reminder_cant_come({}, options) : '';
	const manageIntro = m.mail_manage_intro({}, options);
	const ticket = input.ticket && before ? ticketParts(input.ticket, locale) : null;
	const signature = m.mail_signature({}, options);
	const footer = m.mail_footer({}, options);

	const text = [
		greeting,
		'',
		...(lead ? [lead, ''] : []),
		...detailsText(details),
		input.eventUrl,
		'',
		...(ticket ? [...ticket.text, ''] : []),
		...(input.body ? [input.body.trim(), ''] : []),
		...(contact ? [contact.text, ''] : []),
		...(calendarNote ? [calendarNote, ''] : []),
		...(cantCome ? [cantCome, input.cancelUrl!, ''] : []),
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
${lead ? `<p>${escapeHtml(lead)}</p>` : ''}
${detailsHtml(details)}
<p><a href="${escapeHtml(input.eventUrl)}">${escapeHtml(event.title)}</a></p>
${ticket?.html ?? ''}
${messageHtml(parseMessageText(input.body))}
${contact?.html ?? ''}
${calendarNote ? `<p>${escapeHtml(calendarNote)}</p>` : ''}
${cantCome ? `<p>${escapeHtml(cantCome)}<br><a href="${escapeHtml(input.cancelUrl!)}">${escapeHtml(m.mail_reminder_cant_come_link({}, options))}</a></p>` : ''}
<p>${escapeHtml(manageIntro)}<br><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(m.mail_manage_link({}, options))}</a></p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});

	const attachments = input.calendar
		? [
				calendarAttachment({
					calendar: input.calendar,
					event,
					eventUrl: input.eventUrl,
					organizer: input.organizer,
					attendee: { name: input.fullName, email: input.email }
				})
			]
		: [];
	if (ticket) attachments.push(ticket.attachment);
	return { to: input.email, subject, text, html, attachments };
}
