import { describe, expect, it } from 'vitest';
import { renderManageLinkMail } from './manage-link';

describe('renderManageLinkMail', () => {
	const url = 'https://ilmo.test/sv/manage/abc123';

	it.each([
		['fi', 'Linkki omiin tietoihisi', 'Pyysit uutta linkkiä'],
		['sv', 'Länk till dina uppgifter', 'Du bad om en ny länk'],
		['en', 'The link to your details', 'You asked for a new link']
	] as const)('writes the whole message in %s', (locale, subject, lead) => {
		const mail = renderManageLinkMail({
			locale,
			to: 'aino@example.fi',
			firstName: 'Aino',
			manageUrl: url
		});
		expect(mail.subject).toBe(subject);
		expect(mail.text).toContain(lead);
		expect(mail.text).toContain(url);
		expect(mail.html).toContain(`<html lang="${locale}">`);
		expect(mail.html).toContain(`href="${url}"`);
	});

	it('carries the link and nothing that calls home', () => {
		const mail = renderManageLinkMail({
			locale: 'fi',
			to: 'aino@example.fi',
			firstName: 'https://evil.example',
			manageUrl: url
		});
		expect(mail.attachments).toEqual([]);
		expect(mail.html).not.toMatch(/<img|<script|src=/i);
		expect([...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([url]);
		// A stored name that reads as a link is not repeated back.
		expect(mail.text).not.toContain('evil.example');
	});
});
