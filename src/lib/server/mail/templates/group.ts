import * as m from '../../../paraglide/messages.js';
import { formatEventRange, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import { detailsHtml, detailsText } from './event-parts';
import { greet } from './greeting';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface GroupMailInput {
	locale: Locale;
	to: string;
	bookerFirstName: string;
	bookerAttends: boolean;
	event: { title: string; location: string; startsAt: Date; endsAt: Date };
	eventUrl: string;
	/** The attendees as the booker entered them, in order, with what each was told. */
	members: { name: string; email: string | null; status: 'confirmed' | 'waitlisted' }[];
	groupUrl: string;
}

/**
 * The booker's answer: everyone they entered with the status each got, and the link to the group's
 * page. One already registered reads like the others (the status a new sign-up would have got), so
 * the mail tells the booker nothing about anyone's earlier sign-up.
 */
export function renderGroupMail(input: GroupMailInput): OutboxMessage {
	const { locale } = input;
	const options = { locale };
	const subject = m.mail_group_subject({ title: input.event.title }, options);
	const greeting = greet(input.bookerFirstName, locale);
	const lead = m.mail_group_lead({}, options);
	const details: [string, string][] = [
		[m.mail_event_title({}, options), input.event.title],
		[
			m.mail_event_when({}, options),
			formatEventRange(input.event.startsAt, input.event.endsAt, locale)
		],
		[m.mail_event_where({}, options), input.event.location]
	];
	const heading = m.mail_group_people_heading({}, options);
	const people = input.members.map((member) => {
		const status =
			member.status === 'confirmed'
				? m.mail_group_status_confirmed({}, options)
				: m.mail_group_status_waitlisted({}, options);
		return `${member.email ? `${member.name} (${member.email})` : member.name}: ${status}`;
	});
	const contactOnly = input.bookerAttends ? null : m.mail_group_contact_only({}, options);
	const manageIntro = m.mail_group_manage_intro({}, options);
	const signature = m.mail_signature({}, options);
	const footer = m.mail_group_footer({}, options);

	const text = [
		greeting,
		'',
		lead,
		'',
		...detailsText(details),
		input.eventUrl,
		'',
		`${heading}:`,
		...people.map((line, i) => `${i + 1}. ${line}`),
		'',
		...(contactOnly ? [contactOnly, ''] : []),
		manageIntro,
		input.groupUrl,
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
<p><a href="${escapeHtml(input.eventUrl)}">${escapeHtml(input.event.title)}</a></p>
<h2 style="font-size:1.1em;margin:1.2em 0 0.3em">${escapeHtml(heading)}</h2>
<ol>${people.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ol>
${contactOnly ? `<p>${escapeHtml(contactOnly)}</p>` : ''}
<p>${escapeHtml(manageIntro)}<br><a href="${escapeHtml(input.groupUrl)}">${escapeHtml(m.mail_group_manage_link({}, options))}</a></p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});
	return { to: input.to, subject, text, html, attachments: [] };
}
