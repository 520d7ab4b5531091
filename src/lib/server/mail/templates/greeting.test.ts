import { describe, expect, it } from 'vitest';
import { renderContactNotice } from './contact-notice';
import { renderRegistrationMail } from './registration';
import { ORGANIZER, ORIGIN } from '$tests/factories';

// A name saved before the forms refused link-like names, still in the database.
const LINK_NAME = 'asiakas, varmista paikkasi: https://evil.example/x';

const registrationMail = (firstName: string, locale: 'fi' | 'en') =>
	renderRegistrationMail({
		locale,
		kind: 'promoted',
		waitlistPosition: null,
		registrationId: '0b9c3a52-6a9e-4a51-9a1e-3f1f7f5c2a10',
		firstName,
		fullName: `${firstName} Virtanen`,
		email: 'aino@example.fi',
		event: {
			title: 'Avoimet ovet',
			description: 'Kuvaus',
			location: 'Pollenkuja 6, Turku',
			startsAt: new Date('2026-12-10T08:00:00Z'),
			endsAt: new Date('2026-12-10T12:30:00Z')
		},
		eventUrl: `${ORIGIN}/events/avoimet-ovet`,
		manageUrl: `${ORIGIN}/manage/abc123`,
		organizer: ORGANIZER,
		calendar: null
	});

const contactNotice = (firstName: string) =>
	renderContactNotice({
		locale: 'fi',
		to: 'aino@example.fi',
		firstName,
		held: { name: 'Aino Virtanen', email: null, phone: null, title: null, organisationName: null },
		basis: 'customer_relationship',
		source: 'registration',
		controller: { ...ORGANIZER, address: 'Pollenkuja 6, 20380 Turku', phone: '044 556 7887' },
		manageUrl: `${ORIGIN}/manage/abc123`
	});

describe('the greeting of a mail', () => {
	it('names the person', () => {
		expect(registrationMail('Anna-Liisa', 'fi').text).toMatch(/^Hei Anna-Liisa,\n/);
		expect(registrationMail("O'Brien", 'en').text).toMatch(/^Hello O'Brien,\n/);
		expect(contactNotice('Åström').text).toMatch(/^Hei Åström,\n/);
	});

	it('leaves out a stored first name that reads as a link', () => {
		for (const mail of [
			registrationMail(LINK_NAME, 'fi'),
			registrationMail(LINK_NAME, 'en'),
			contactNotice(LINK_NAME)
		]) {
			expect(mail.text).toMatch(/^(Hei|Hello),\n/);
			expect(mail.text).not.toContain('evil.example');
			expect(mail.html).not.toContain('evil.example');
		}
	});
});
