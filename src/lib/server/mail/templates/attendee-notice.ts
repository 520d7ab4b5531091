import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import { contactRights } from './contact-notice';
import { detailsHtml, detailsText } from './event-parts';
import { escapeHtml } from './layout';

/**
 * Art. 14: what a group attendee's confirmation adds, since their data came from the booker, not
 * from them: who gave it, what is held, why, for how long, their rights and where to read more.
 */
export interface AttendeeNotice {
	/** The booker's name as they typed it. */
	bookerName: string;
	/** What the registration holds, as entered; empty values are left out. */
	held: { name: string; email: string; phone: string | null; address: string | null };
	retentionDays: number;
	privacyUrl: string;
	controller: { name: string; address: string; email: string; phone: string };
}

/** The notice as text lines and an HTML block, for the confirmation to place above its link. */
export function renderAttendeeNotice(notice: AttendeeNotice, locale: Locale) {
	const { controller } = notice;
	const lead = m.mail_group_registered_by({ booker: notice.bookerName }, { locale });
	const controllerLine = [controller.name, controller.address, controller.email, controller.phone]
		.filter(Boolean)
		.join(', ');
	const held = (
		[
			[m.contact_notice_field_name({}, { locale }), notice.held.name],
			[m.contact_notice_field_email({}, { locale }), notice.held.email],
			[m.contact_notice_field_phone({}, { locale }), notice.held.phone],
			[m.field_address_legend({}, { locale }), notice.held.address]
		] as [string, string | null][]
	).filter((row): row is [string, string] => Boolean(row[1]?.trim()));
	const sections: [string, string][] = [
		[m.contact_notice_controller_heading({}, { locale }), controllerLine],
		[m.contact_notice_why_heading({}, { locale }), m.mail_group_purpose({}, { locale })],
		[
			m.contact_notice_source_heading({}, { locale }),
			m.mail_group_source({ booker: notice.bookerName }, { locale })
		],
		[
			m.contact_notice_recipients_heading({}, { locale }),
			m.contact_notice_recipients({}, { locale })
		],
		[
			m.contact_notice_retention_heading({}, { locale }),
			m.mail_group_retention({ days: notice.retentionDays }, { locale })
		]
	];
	const heldHeading = m.contact_notice_held_heading({}, { locale });
	const rightsHeading = m.contact_notice_rights_heading({}, { locale });
	const rights = contactRights(locale);
	const requests = m.contact_notice_requests(
		{ email: controller.email, phone: controller.phone },
		{ locale }
	);
	const privacy = m.mail_group_privacy({}, { locale });

	const text = [
		lead,
		'',
		`${heldHeading}:`,
		...detailsText(held).map((line) => `- ${line}`),
		'',
		...sections.flatMap(([heading, body]) => [`${heading}:`, body, '']),
		`${rightsHeading}:`,
		...rights.map((right) => `- ${right}`),
		'',
		requests,
		'',
		privacy,
		notice.privacyUrl,
		''
	];
	const h = (heading: string) =>
		`<h2 style="font-size:1.1em;margin:1.2em 0 0.3em">${escapeHtml(heading)}</h2>`;
	const html = `<p>${escapeHtml(lead)}</p>
${h(heldHeading)}
${detailsHtml(held)}
${sections.map(([heading, body]) => `${h(heading)}\n<p>${escapeHtml(body)}</p>`).join('\n')}
${h(rightsHeading)}
<ul>${rights.map((right) => `<li>${escapeHtml(right)}</li>`).join('')}</ul>
<p>${escapeHtml(requests)}</p>
<p>${escapeHtml(privacy)} <a href="${escapeHtml(notice.privacyUrl)}">${escapeHtml(m.notice_read_more({}, { locale }))}</a></p>`;
	return { text, html };
}
