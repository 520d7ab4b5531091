import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import { greet } from './greeting';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface ManageLinkMailInput {
	locale: Locale;
	to: string;
	/** The first name on the newest registration for the address. */
	firstName: string;
	manageUrl: string;
}

/**
 * "Send me my link again": a fresh manage link and nothing else, in the language of the page it
 * was asked on. It says what the link opens and that it is a key, and that it may be ignored: the
 * form is open to anyone who types the address.
 */
export function renderManageLinkMail(input: ManageLinkMailInput): OutboxMessage {
	const options = { locale: input.locale };
	const subject = m.mail_manage_link_subject({}, options);
	const greeting = greet(input.firstName, input.locale);
	const lead = m.mail_manage_link_body({}, options);
	const open = m.mail_manage_link_open({}, options);
	const key = m.mail_manage_link_key({}, options);
	const ignore = m.mail_manage_link_ignore({}, options);
	const signature = m.mail_signature({}, options);
	const footer = m.mail_manage_link_footer({}, options);

	const text = [
		greeting,
		'',
		lead,
		'',
		`${open}:`,
		input.manageUrl,
		'',
		key,
		ignore,
		'',
		signature,
		'',
		'--',
		footer
	].join('\n');

	const html = renderHtmlLayout({
		lang: input.locale,
		title: subject,
		body: `<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
<p><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(open)}</a></p>
<p>${escapeHtml(key)}</p>
<p>${escapeHtml(ignore)}</p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});

	return { to: input.to, subject, text, html, attachments: [] };
}
