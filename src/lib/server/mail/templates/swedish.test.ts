import { describe, expect, it } from 'vitest';
import { wordingFor } from '../../permissions/wording';
import { renderConsentMail } from './consent';
import { renderContactNotice } from './contact-notice';
import { greet } from './greeting';
import { renderReportMail, renderVerificationMail } from './requests';
import { ORGANIZER, ORIGIN } from '$tests/factories';

/** A registrant who signed up on /sv gets every mail in Swedish, the HTML marked as such. */
describe('mails in Swedish', () => {
	const expiresAt = new Date('2026-12-10T08:00:00Z');

	it('asks to confirm news by email with the Swedish consent text', () => {
		const wording = wordingFor('news_by_email', 'sv', ORGANIZER.name);
		expect(wording.text).toMatch(/^Jag samtycker till att Wetteri Trucks Oy/);
		const mail = renderConsentMail({
			locale: 'sv',
			to: 'aino@example.fi',
			controller: ORGANIZER,
			wordingText: wording.text,
			confirmUrl: `${ORIGIN}/sv/consent/abc`,
			expiresAt
		});
		expect(mail.subject).toBe('Bekräfta beställningen av nyheter per e-post: Wetteri Trucks Oy');
		expect(mail.text).toMatch(/^Hej!\nDu har bett att Wetteri Trucks Oy skickar dig nyheter/);
		expect(mail.text).toContain('Länken är giltig i sju dagar (till torsdag 10 december 2026');
		expect(mail.text).toContain(wording.text);
		expect(mail.html).toContain('<html lang="sv">');
		expect(mail.html).toContain('Bekräfta beställningen</a>');
	});

	it('asks to confirm a data request and sends the report', () => {
		const verification = renderVerificationMail({
			locale: 'sv',
			to: 'aino@example.fi',
			controller: ORGANIZER,
			kind: 'erasure',
			verifyUrl: `${ORIGIN}/sv/requests/verify/abc`,
			expiresAt
		});
		expect(verification.subject).toBe('Bekräfta din begäran om uppgifter: Wetteri Trucks Oy');
		expect(verification.text).toContain(
			'Wetteri Trucks Oy har tagit emot en begäran om att radera uppgifter som har sparats om dig.'
		);
		expect(verification.html).toContain('<html lang="sv">');

		const report = renderReportMail({
			locale: 'sv',
			to: 'aino@example.fi',
			controller: ORGANIZER,
			json: '{}',
			text: '== Anmälningar till evenemang ==',
			generatedAt: expiresAt
		});
		expect(report.subject).toBe('Uppgifter som Wetteri Trucks Oy har sparat om dig');
		expect(report.text).toContain('Frågor och begäranden om rättelse: wetteritrucks@wetteri.fi.');
	});

	it('greets by name, Swedish letter style', () => {
		expect(greet('Åsa', 'sv')).toBe('Hej Åsa!');
		expect(greet('https://evil.example/x', 'sv')).toBe('Hej!');
		const notice = renderContactNotice({
			locale: 'sv',
			to: 'asa@example.fi',
			firstName: 'Åsa',
			held: { name: 'Åsa Lind', email: null, phone: null, title: null, organisationName: null },
			basis: 'customer_relationship',
			source: 'registration',
			controller: { ...ORGANIZER, address: 'Pollenkuja 6, 20380 Turku', phone: '044 556 7887' },
			manageUrl: `${ORIGIN}/sv/manage/abc`
		});
		expect(notice.subject).toBe('Dina uppgifter i vårt kundregister');
		expect(notice.text).toMatch(/^Hej Åsa!\n\nSå som dataskyddslagstiftningen kräver/);
		expect(notice.html).toContain('<html lang="sv">');
	});
});
