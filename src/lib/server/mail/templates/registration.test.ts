import { describe, expect, it } from 'vitest';
import * as m from '../../../paraglide/messages.js';
import { PUBLIC_LOCALES } from '../../../locale';
import { registrationUid } from '../ics';
import { renderRegistrationMail, type RegistrationMailInput } from './registration';
import { ORGANIZER, ORIGIN } from '$tests/factories';
import { parseCalendar } from '$tests/calendar';

const UID = registrationUid('0b9c3a52-6a9e-4a51-9a1e-3f1f7f5c2a10', ORIGIN);
const startsAt = new Date('2026-12-10T08:00:00Z');
const endsAt = new Date('2026-12-10T12:30:00Z');

function render(overrides: Partial<RegistrationMailInput>) {
	return renderRegistrationMail({
		locale: 'fi',
		kind: 'confirmed',
		waitlistPosition: null,
		registrationId: '0b9c3a52-6a9e-4a51-9a1e-3f1f7f5c2a10',
		firstName: 'Aino',
		fullName: 'Aino Virtanen',
		email: 'aino@example.fi',
		event: {
			title: 'Avoimet ovet',
			description: 'Kuvaus',
			location: 'Pollenkuja 6, Turku',
			startsAt,
			endsAt
		},
		eventUrl: `${ORIGIN}/events/avoimet-ovet`,
		manageUrl: `${ORIGIN}/manage/abc123`,
		organizer: ORGANIZER,
		calendar: { method: 'REQUEST', uid: UID, sequence: 2 },
		...overrides
	});
}

describe('registration mail calendar entries', () => {
	it.each(PUBLIC_LOCALES)(
		'a confirmed seat comes as an invitation, promised in the text (%s)',
		(locale) => {
			const mail = render({ locale });
			expect(mail.attachments).toHaveLength(1);
			const [file] = mail.attachments;
			expect(file!.contentType).toBe('text/calendar; method=REQUEST; charset=utf-8');
			expect(parseCalendar(file!.content)).toMatchObject({
				method: 'REQUEST',
				uid: UID,
				sequence: 2,
				status: 'CONFIRMED',
				start: startsAt,
				end: endsAt,
				summary: 'Avoimet ovet',
				url: `${ORIGIN}/events/avoimet-ovet`,
				organizer: { name: ORGANIZER.name, email: ORGANIZER.email },
				attendees: [
					{
						name: 'Aino Virtanen',
						email: 'aino@example.fi',
						params: { rsvp: 'FALSE', partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }
					}
				]
			});
			expect(mail.text).toContain(m.mail_calendar_note({}, { locale }));
		}
	);

	it.each(['waitlisted', 'already_waitlisted'] as const)(
		'a waiting-list mail (%s) carries no entry and promises none',
		(kind) => {
			for (const locale of PUBLIC_LOCALES) {
				const mail = render({ kind, locale, waitlistPosition: 3, calendar: null });
				expect(mail.attachments).toEqual([]);
				expect(mail.text).not.toContain(m.mail_calendar_note({}, { locale }));
				expect(mail.html).not.toContain('BEGIN:VCALENDAR');
			}
		}
	);

	it('a cancellation withdraws the entry it had sent, without promising one', () => {
		const mail = render({
			kind: 'cancelled',
			calendar: { method: 'CANCEL', uid: UID, sequence: 3 }
		});
		expect(mail.attachments[0]!.contentType).toBe('text/calendar; method=CANCEL; charset=utf-8');
		expect(parseCalendar(mail.attachments[0]!.content)).toMatchObject({
			method: 'CANCEL',
			uid: UID,
			sequence: 3,
			status: 'CANCELLED'
		});
		expect(mail.text).not.toContain(m.mail_calendar_note({}, { locale: 'fi' }));
	});
});
