import { describe, expect, it } from 'vitest';
import { messageHtml, parseMessageText, renderAttendeeMessage } from './attendee-message';

const base = {
	to: 'aino@example.fi',
	locale: 'fi' as const,
	subject: 'Tervetuloa',
	event: {
		title: 'Avoimet ovet',
		startsAt: new Date('2026-12-10T08:00:00Z'),
		endsAt: new Date('2026-12-10T12:00:00Z')
	},
	eventUrl: 'https://ilmo.test/events/avoimet-ovet',
	manageUrl: 'https://ilmo.test/manage/token123',
	unsubscribeUrl: null
};

describe('a message to attendees as mail', () => {
	it('keeps paragraphs and line breaks and links web addresses', () => {
		const text = 'Hei!\r\n\r\nOhjeet: https://wetteri.fi/ajo-ohje.\nNähdään.\n\n\n  Terveisin';
		expect(parseMessageText(text)).toEqual([
			[[{ kind: 'text', text: 'Hei!' }]],
			[
				[
					{ kind: 'text', text: 'Ohjeet: ' },
					{ kind: 'link', url: 'https://wetteri.fi/ajo-ohje' },
					{ kind: 'text', text: '.' }
				],
				[{ kind: 'text', text: 'Nähdään.' }]
			],
			[[{ kind: 'text', text: 'Terveisin' }]]
		]);
		expect(messageHtml(parseMessageText(text))).toBe(
			'<p>Hei!</p>\n<p>Ohjeet: <a href="https://wetteri.fi/ajo-ohje">https://wetteri.fi/ajo-ohje</a>.<br>Nähdään.</p>\n<p>Terveisin</p>'
		);
	});

	it('never lets typed text become markup, a script link or a broken attribute', () => {
		const body = [
			'<script>alert(1)</script> <b>lihava</b>',
			'javascript:alert(1) ja data:text/html,<i>x</i>',
			'https://x.test/"onmouseover="alert(1)" ja https://y.test/\'><img src=x>'
		].join('\n\n');
		const mail = renderAttendeeMessage({ ...base, body });
		expect(mail.html).not.toMatch(/<script|<b>|<i>|<img/);
		expect(mail.html).not.toMatch(/href="(javascript|data):/);
		expect(mail.html).not.toContain('onmouseover="');
		expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(mail.html).toContain('<a href="https://x.test/">https://x.test/</a>&quot;onmouseover');
		expect(mail.html).toContain('<a href="https://y.test/">https://y.test/</a>&#39;&gt;&lt;img');
		// The plain-text part is the text as typed.
		expect(mail.text.startsWith('<script>alert(1)</script> <b>lihava</b>')).toBe(true);
	});

	it('carries the manage link, and on marketing the unsubscribe link and its headers', () => {
		const plain = renderAttendeeMessage({ ...base, body: 'Tervetuloa.' });
		expect(plain.text).toContain(base.manageUrl);
		expect(plain.html).toContain(`href="${base.manageUrl}"`);
		expect(plain.headers).toBeUndefined();
		expect(plain.text).not.toContain('/unsubscribe/');

		const url = 'https://ilmo.test/sv/unsubscribe/tok';
		const marketing = renderAttendeeMessage({
			...base,
			locale: 'sv',
			body: 'Ny modell.',
			unsubscribeUrl: url
		});
		expect(marketing.headers).toEqual({
			'List-Unsubscribe': `<${url}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		});
		expect(marketing.text).toContain(url);
		expect(marketing.text).toContain('Det här meddelandet gäller evenemanget Avoimet ovet');
		expect(marketing.html).toContain('lang="sv"');
	});
});
