import { describe, expect, it } from 'vitest';
import {
	calendarContentType,
	createPublicIcs,
	createRegistrationIcs,
	eventUid,
	registrationUid
} from './ics';
import { parseCalendar } from '$tests/calendar';

const event = {
	title: 'Avoimet ovet, Turku; kahvit',
	description: 'Rivi 1\nRivi 2',
	location: 'Pollenkuja 6, Turku',
	startsAt: new Date('2026-12-10T08:00:00Z'),
	endsAt: new Date('2026-12-10T12:30:00Z'),
	url: 'https://tapahtumat.example.fi/events/open-house'
};
const organizer = { name: 'Wetteri "Trucks" Oy', email: 'events@wetteritrucks.fi' };
const attendee = { name: 'Eero Korhonen', email: 'eero@example.fi' };
const ORIGIN = 'https://tapahtumat.example.fi';

describe('calendar UIDs', () => {
	it('put registrations and events on the real host, never the same UID', () => {
		expect(registrationUid('abc', ORIGIN)).toBe('registration-abc@tapahtumat.example.fi');
		expect(eventUid('abc', `${ORIGIN}:8443`)).toBe('event-abc@tapahtumat.example.fi');
	});
});

describe('createRegistrationIcs', () => {
	const uid = registrationUid('abc', ORIGIN);

	it('invites the registrant as an accepted attendee who need not answer', () => {
		const ics = createRegistrationIcs({
			calendar: { method: 'REQUEST', uid, sequence: 0 },
			event,
			organizer,
			attendee
		});
		const parsed = parseCalendar(ics);
		expect(parsed).toMatchObject({
			method: 'REQUEST',
			eventCount: 1,
			uid,
			sequence: 0,
			status: 'CONFIRMED',
			start: event.startsAt,
			end: event.endsAt,
			summary: event.title,
			description: event.description,
			location: event.location,
			url: event.url
		});
		// A double quote cannot stand in a quoted parameter: it is left out of the name.
		expect(parsed.organizer).toMatchObject({
			name: 'Wetteri Trucks Oy',
			email: 'events@wetteritrucks.fi'
		});
		expect(parsed.attendees).toEqual([
			{
				name: 'Eero Korhonen',
				email: 'eero@example.fi',
				params: { rsvp: 'FALSE', partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }
			}
		]);
		expect(ics).toMatch(/DTSTART:20261210T080000Z\r\n/);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
	});

	it('withdraws the same entry with CANCEL and a cancelled status', () => {
		const parsed = parseCalendar(
			createRegistrationIcs({
				calendar: { method: 'CANCEL', uid, sequence: 3 },
				event,
				organizer,
				attendee
			})
		);
		expect(parsed).toMatchObject({ method: 'CANCEL', uid, sequence: 3, status: 'CANCELLED' });
	});

	it('folds long lines at 75 octets without splitting a character', () => {
		const ics = createRegistrationIcs({
			calendar: { method: 'REQUEST', uid, sequence: 0 },
			event: { ...event, description: 'ä'.repeat(100) },
			organizer,
			attendee
		});
		for (const line of ics.split('\r\n')) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		}
		expect(parseCalendar(ics).description).toBe('ä'.repeat(100));
	});

	it('names the method in the content type mail clients act on', () => {
		expect(calendarContentType('REQUEST')).toBe('text/calendar; method=REQUEST; charset=utf-8');
	});
});

describe('createPublicIcs', () => {
	it('publishes the event with its organiser and no attendee', () => {
		const uid = eventUid('abc', ORIGIN);
		const parsed = parseCalendar(
			createPublicIcs({ uid, event, cancelled: false, sequence: 1_800_000_000, organizer })
		);
		expect(parsed).toMatchObject({
			method: 'PUBLISH',
			uid,
			status: 'CONFIRMED',
			start: event.startsAt,
			end: event.endsAt,
			url: event.url,
			organizer: { email: organizer.email },
			attendees: []
		});
		const cancelled = parseCalendar(
			createPublicIcs({ uid, event, cancelled: true, sequence: 1_800_000_060, organizer })
		);
		expect(cancelled).toMatchObject({ uid, status: 'CANCELLED' });
		expect(cancelled.sequence).toBeGreaterThan(parsed.sequence);
	});
});
