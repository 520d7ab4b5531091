import * as m from '../../../paraglide/messages.js';
import { formatEventRange, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import { escapeHtml, renderHtmlLayout } from './layout';

/** A piece of a line of staff-written text: words as they are, or a web address to link. */
export type MessageSegment = { kind: 'text'; text: string } | { kind: 'link'; url: string };
/** A paragraph: its lines, each a run of segments. */
export type MessageParagraph = MessageSegment[][];

// Only http(s) addresses become links: "javascript:" or "data:" stay plain text. A trailing
// full stop, comma or closing bracket reads as the sentence's, not the address's.
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

function segmentsOf(line: string): MessageSegment[] {
	const segments: MessageSegment[] = [];
	let last = 0;
	for (const match of line.matchAll(URL_PATTERN)) {
		const url = match[0].replace(TRAILING, '');
		const start = match.index;
		if (start > last) segments.push({ kind: 'text', text: line.slice(last, start) });
		segments.push({ kind: 'link', url });
		last = start + url.length;
	}
	if (last < line.length) segments.push({ kind: 'text', text: line.slice(last) });
	return segments;
}

/**
 * Staff write plain text: a blank line starts a paragraph, a single line break stays a line break,
 * and web addresses become links. The mail and the staff preview both draw this one structure, so
 * the preview shows what the mail will; nothing typed is ever read as HTML.
 */
export function parseMessageText(text: string): MessageParagraph[] {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((block) => block.trim())
		.filter((block) => block !== '')
		.map((block) => block.split('\n').map((line) => segmentsOf(line.trimEnd())));
}

/** The paragraphs as HTML: every piece of text escaped, every address both href and link text. */
export function messageHtml(paragraphs: MessageParagraph[]): string {
	return paragraphs
		.map(
			(lines) =>
				`<p>${lines
					.map((segments) =>
						segments
							.map((segment) =>
								segment.kind === 'link'
									? `<a href="${escapeHtml(segment.url)}">${escapeHtml(segment.url)}</a>`
									: escapeHtml(segment.text)
							)
							.join('')
					)
					.join('<br>')}</p>`
		)
		.join('\n');
}

export interface AttendeeMessageInput {
	locale: Locale;
	/** The staff-written subject and body in this language (already fallen back to Finnish). */
	subject: string;
	body: string;
	event: { title: string; startsAt: Date; endsAt: Date };
	eventUrl: string;
	manageUrl: string;
	/** Only on a marketing message: the personal link that withdraws the permission. */
	unsubscribeUrl: string | null;
}

/** The fixed parts around the staff's text, in the recipient's language. */
export function attendeeMessageFrame(input: Omit<AttendeeMessageInput, 'subject' | 'body'>) {
	const locale = input.locale;
	const when = formatEventRange(input.event.startsAt, input.event.endsAt, locale);
	return {
		about: m.mail_message_about({ title: input.event.title, when }, { locale }),
		manageIntro: m.mail_manage_intro({}, { locale }),
		manageLink: m.mail_manage_link({}, { locale }),
		unsubscribeIntro: input.unsubscribeUrl ? m.mail_message_unsubscribe({}, { locale }) : null,
		unsubscribeLink: m.mail_message_unsubscribe_link({}, { locale }),
		footer: input.unsubscribeUrl
			? m.mail_message_marketing_footer({}, { locale })
			: m.mail_footer({}, { locale })
	};
}

/**
 * A message staff wrote to an event's attendees, for one recipient: their text, then what the
 * message is about, the person's own manage link and, on marketing, their unsubscribe link.
 */
export function renderAttendeeMessage(input: AttendeeMessageInput & { to: string }): OutboxMessage {
	const frame = attendeeMessageFrame(input);
	const paragraphs = parseMessageText(input.body);
	const unsubscribe =
		frame.unsubscribeIntro && input.unsubscribeUrl
			? { intro: frame.unsubscribeIntro, url: input.unsubscribeUrl }
			: null;

	const text = [
		input.body.replace(/\r\n?/g, '\n').trim(),
		'',
		frame.about,
		input.eventUrl,
		'',
		frame.manageIntro,
		input.manageUrl,
		...(unsubscribe ? ['', unsubscribe.intro, unsubscribe.url] : []),
		'',
		'--',
		frame.footer
	].join('\n');

	const html = renderHtmlLayout({
		lang: input.locale,
		title: input.subject,
		body: `${messageHtml(paragraphs)}
<p>${escapeHtml(frame.about)}<br><a href="${escapeHtml(input.eventUrl)}">${escapeHtml(input.event.title)}</a></p>
<p>${escapeHtml(frame.manageIntro)}<br><a href="${escapeHtml(input.manageUrl)}">${escapeHtml(frame.manageLink)}</a></p>${
			unsubscribe
				? `\n<p>${escapeHtml(unsubscribe.intro)}<br><a href="${escapeHtml(unsubscribe.url)}">${escapeHtml(frame.unsubscribeLink)}</a></p>`
				: ''
		}`,
		footer: frame.footer
	});

	return {
		to: input.to,
		subject: input.subject,
		text,
		html,
		attachments: [],
		...(unsubscribe
			? {
					// RFC 2369 and RFC 8058: the mail client's own unsubscribe button, one POST, no page.
					headers: {
						'List-Unsubscribe': `<${unsubscribe.url}>`,
						'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
					}
				}
			: {})
	};
}
