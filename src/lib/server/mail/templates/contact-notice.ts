import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import type { ContactBasis, ContactSource, OutboxMessage } from '../../db/schema';
import { greet } from './greeting';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface ContactNoticeInput {
	locale: Locale;
	to: string;
	firstName: string;
	/** What the register holds, as the notice lists it; empty values are left out. */
	held: {
		name: string;
		email: string | null;
		phone: string | null;
		title: string | null;
		organisationName: string | null;
	};
	basis: ContactBasis;
	source: ContactSource;
	controller: { name: string; address: string; email: string; phone: string };
	manageUrl: string;
}

export function basisText(basis: ContactBasis, locale: Locale): string {
	switch (basis) {
		case 'customer_relationship':
			return m.contact_notice_basis_customer_relationship({}, { locale });
		case 'legitimate_interest':
			return m.contact_notice_basis_legitimate_interest({}, { locale });
		case 'consent':
			return m.contact_notice_basis_consent({}, { locale });
	}
}

export function sourceText(source: ContactSource, locale: Locale): string {
	switch (source) {
		case 'registration':
			return m.contact_notice_source_registration({}, { locale });
		case 'import':
			return m.contact_notice_source_import({}, { locale });
		case 'manual':
			return m.contact_notice_source_manual({}, { locale });
	}
}

/** The rights Art. 13(2)(b)–(d) and 14(2)(c)–(e) name, as the notice and the manage page list them. */
export function contactRights(locale: Locale): string[] {
	return [
		m.contact_notice_right_access({}, { locale }),
		m.contact_notice_right_rectification({}, { locale }),
		m.contact_notice_right_erasure({}, { locale }),
		m.contact_notice_right_objection({}, { locale }),
		m.contact_notice_right_complaint({}, { locale })
	];
}

/**
 * Art. 13(3) / 14: told once to a person who became a contact (from a registration or an import):
 * who holds what about them, why, from where, for how long, their rights, and a link to see it.
 */
export function renderContactNotice(input: ContactNoticeInput): OutboxMessage {
	const { locale, controller } = input;
	const subject = m.contact_notice_subject({}, { locale });
	const greeting = greet(input.firstName, locale);
	const lead = m.contact_notice_lead({}, { locale });
	const controllerLine = [controller.name, controller.address, controller.email, controller.phone]
		.filter(Boolean)
		.join(', ');
	const held: [string, string][] = (
		[
			[m.contact_notice_field_name({}, { locale }), input.held.name],
			[m.contact_notice_field_email({}, { locale }), input.held.email],
			[m.contact_notice_field_phone({}, { locale }), input.held.phone],
			[m.contact_notice_field_title({}, { locale }), input.held.title],
			[m.contact_notice_field_organisation({}, { locale }), input.held.organisationName]
		] as [string, string | null][]
	).filter((row): row is [string, string] => Boolean(row[1]?.trim()));
	const sections: [string, string][] = [
		[m.contact_notice_why_heading({}, { locale }), basisText(input.basis, locale)],
		[m.contact_notice_source_heading({}, { locale }), sourceText(input.source, locale)],
		[
			m.contact_notice_recipients_heading({}, { locale }),
			m.contact_notice_recipients({}, { locale })
		],
		[m.contact_notice_retention_heading({}, { locale }), m.contact_notice_retention({}, { locale })]
	];
	const rightsHeading = m.contact_notice_rights_heading({}, { locale });
	const rights = contactRights(locale);
	const requests = m.contact_notice_requests(
		{ email: controller.email, phone: controller.phone },
		{ locale }
	);
	const manageIntro = m.contact_notice_manage_intro({}, { locale });
	const signature = m.mail_signature({}, { locale });
	const footer = m.contact_notice_footer({}, { locale });
	const controllerHeading = m.contact_notice_controller_heading({}, { locale });
	const heldHeading = m.contact_notice_held_heading({}, { locale });

	const text = [
		greeting,
		'',
		lead,
		'',
		`${controllerHeading}: ${controllerLine}`,
		'',
		`${heldHeading}:`,
		...held.map(([label, value]) => `- ${label}: ${value}`),
		'',
		...sections.flatMap(([heading, body]) => [`${heading}:`, body, '']),
		`${rightsHeading}:`,
		...rights.map((right) => `- ${right}`),
		'',
		requests,
		'',
		manageIntro,
		input.manageUrl,
		'',
		signature,
		'',
		'--',
		footer
	].join('\n');

	const h = (heading: string) =>
		`<h2 style="font-size:1.1em;margin:1.2em 0 0.3em">${escapeHtml(heading)}</h2>`;
	const html = renderHtmlLayout({
		lang: locale,
		title: subject,
		body: `<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(lead)}</p>
${h(controllerHeading)}
<p>${escapeHtml(controllerLine)}</p>
${h(heldHeading)}
<table role="presentation">${held
			.map(
				([label, value]) =>
					`<tr><th scope="row" style="text-align:left;padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
			)
			.join('')}</table>
${sections.map(([heading, body]) => `${h(heading)}\n<p>${escapeHtml(body)}</p>`).join('\n')}
${h(rightsHeading)}
<ul>${rights.map((right) => `<li>${escapeHtml(right)}</li>`).join('')}</ul>
<p>${escapeHtml(requests)}</p>
<p>${escapeHtml(manageIntro)}<br><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(m.contact_notice_manage_link({}, { locale }))}</a></p>
<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
		footer
	});

	return { to: input.to, subject, text, html, attachments: [] };
}
