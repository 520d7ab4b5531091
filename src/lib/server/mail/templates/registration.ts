import * as m from '../../../paraglide/messages.js';
import { formatEventRange, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import { createIcs } from '../ics';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface RegistrationMailInput {
	locale: Locale;
	status: 'confirmed' | 'waitlisted';
	waitlistPosition: number | null;
	registrationId: string;
	firstName: string;
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
}

/** The confirmation or waiting-list message, in the registrant's language, with the event as .ics. */
export function renderRegistrationMail(input: RegistrationMailInput): OutboxMessage {
	const locale = input.locale;
	const title = input.event.title;
	const when = formatEventRange(input.event.startsAt, input.event.endsAt, locale);
	const subject =
		input.status === 'confirmed'
			? m.mail_confirmed_subject({ title }, { locale })
			: m.mail_waitlisted_subject({ title }, { locale });
	const lead =
		input.status === 'confirmed'
			? m.mail_confirmed_body({}, { locale })
			: m.mail_waitlisted_body({ position: input.waitlistPosition ?? '?' }, { locale });
	const greeting = m.mail_greeting({ name: input.firstName }, { locale });
	const details: [string, string][] = [
		[m.mail_event_title({}, { locale }), title],
		[m.mail_event_when({}, { locale }), when],
		[m.mail_event_where({}, { locale }), input.event.location]
	];
	const signature = m.mail_signature({}, { locale });
	const footer = m.mail_footer({}, { locale });

	const text = [
		greeting,
		'',
		lead,
		'',
		...details.map(([label, value]) => `${label}: ${value}`),
		input.eventUrl,
		'',
		m.mail_calendar_note({}, { locale }),
		'',
		m.mail_manage_intro({}, { locale }),
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
<table role="presentation">${details
			.map(
				([label, value]) =>
					`<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
			)
			.join('')}</table>
<p><a href="${escapeHtml(input.eventUrl)}">${escapeHtml(title)}</a></p>
<p>${escapeHtml(m.mail_calendar_note({}, { locale }))}</p>
<p>${escapeHtml(m.mail_manage_intro({}, { locale }))}<br><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(m.mail_manage_link({}, { locale }))}</a></p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});

	const ics = createIcs({
		uid: `${input.registrationId}@ilmo`,
		title,
		description: `${input.event.description}\n\n${input.eventUrl}`.trim(),
		location: input.event.location,
		startsAt: input.event.startsAt,
		endsAt: input.event.endsAt,
		url: input.eventUrl,
		organizer: input.organizer
	});

	return {
		to: input.email,
		subject,
		text,
		html,
		attachments: [
			{ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8', content: ics }
		]
	};
}
