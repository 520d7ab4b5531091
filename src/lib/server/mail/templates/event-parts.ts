import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import type { OutboxAttachment } from '../../db/schema';
import { formatPhoneForPeople } from '../../phone';
import { calendarContentType, createRegistrationIcs, type RegistrationCalendar } from '../ics';
import { formatTicketCode } from '../../../ticket-code';
import { escapeHtml } from './layout';

/**
 * The pieces every mail about an event shares (registration mails, reminders): the details table,
 * the contact person's line and the calendar entry, written once so they read the same everywhere.
 */

export interface EventContact {
	name: string;
	email: string;
	phone: string;
}

/** "Label: value" lines in the text part; a table in the HTML part. */
export function detailsText(details: [string, string][]): string[] {
	return details.map(([label, value]) => `${label}: ${value}`);
}

export function detailsHtml(details: [string, string][]): string {
	if (details.length === 0) return '';
	return `<table role="presentation">${details
		.map(
			([label, value]) =>
				`<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
		)
		.join('')}</table>`;
}

/**
 * "Questions: name, email, phone" — whichever are set, in that order, the address and number as
 * links in the HTML part. Null for an event without a contact person.
 */
export function contactLine(
	contact: EventContact | null | undefined,
	locale: Locale
): { text: string; html: string } | null {
	if (!contact) return null;
	const parts: { text: string; href?: string }[] = [];
	if (contact.name) parts.push({ text: contact.name });
	if (contact.email) parts.push({ text: contact.email, href: `mailto:${contact.email}` });
	if (contact.phone) {
		parts.push({ text: formatPhoneForPeople(contact.phone), href: `tel:${contact.phone}` });
	}
	if (parts.length === 0) return null;
	const label = m.mail_event_contact({}, { locale });
	return {
		text: `${label}: ${parts.map((part) => part.text).join(', ')}`,
		html: `<p>${escapeHtml(label)}: ${parts
			.map((part) => {
				const text = escapeHtml(part.text);
				return part.href ? `<a href="${escapeHtml(part.href)}">${text}</a>` : text;
			})
			.join(', ')}</p>`
	};
}

/** The registration's calendar entry as an attachment (transport.ts adds it as an inline part too). */
export function calendarAttachment(input: {
	calendar: RegistrationCalendar;
	event: { title: string; description: string; location: string; startsAt: Date; endsAt: Date };
	eventUrl: string;
	organizer: { name: string; email: string };
	attendee: { name: string; email: string };
}): OutboxAttachment {
	return {
		filename: 'event.ics',
		contentType: calendarContentType(input.calendar.method),
		content: createRegistrationIcs({
			calendar: input.calendar,
			event: {
				title: input.event.title,
				description: `${input.event.description}\n\n${input.eventUrl}`.trim(),
				location: input.event.location,
				startsAt: input.event.startsAt,
				endsAt: input.event.endsAt,
				url: input.eventUrl
			},
			organizer: input.organizer,
			attendee: input.attendee
		})
	};
}

/**
 * A confirmed registration's ticket for a mail: its code. The sender draws the code's QR image
 * (tickets/qr.ts) when it sends the mail, not the request that queues it.
 */
export interface MailTicket {
	code: string;
}

/** The PNG's size in pixels (tickets/qr.ts), so the mail keeps its layout before images load. */
const TICKET_PNG_SIZE = 231;

/**
 * The ticket in a mail: "Show this code at the door", the QR as an inline image (cid:, which mail
 * clients show, where many hide data: images) and the code printed for typing or reading out.
 */
export function ticketParts(ticket: MailTicket, locale: Locale) {
	const options = { locale };
	const heading = m.ticket_heading({}, options);
	const note = m.ticket_show_at_door({}, options);
	const printed = formatTicketCode(ticket.code);
	const label = m.ticket_code_label({}, options);
	const cid = `ticket-${ticket.code.slice(0, 10).toLowerCase()}@ilmo`;
	const attachment: OutboxAttachment = {
		filename: 'ticket.png',
		contentType: 'image/png',
		content: '',
		ticketCode: ticket.code,
		cid
	};
	return {
		text: [heading, note, `${label}: ${printed}`],
		html: `<h2 style="font-size:1.15em;margin:1.5em 0 0.25em">${escapeHtml(heading)}</h2>
<p style="margin:0">${escapeHtml(note)}</p>
<p><img src="cid:${escapeHtml(cid)}" alt="${escapeHtml(m.ticket_qr_alt({}, options))}" width="${TICKET_PNG_SIZE}" height="${TICKET_PNG_SIZE}"></p>
<p>${escapeHtml(label)}: <strong style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.2em;letter-spacing:0.05em">${escapeHtml(printed)}</strong></p>`,
		attachment
	};
}
