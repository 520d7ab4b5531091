import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import type { OutboxAttachment } from '../../db/schema';
import { formatPhoneForPeople } from '../../phone';
import { calendarContentType, createRegistrationIcs, type RegistrationCalendar } from '../ics';
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
