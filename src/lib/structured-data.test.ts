import { describe, expect, it } from 'vitest';
import { eventJsonLd, jsonForScript, type EventFacts } from './structured-data';

const open: EventFacts = {
	title: 'Avoimet ovet',
	description: 'Tule katsomaan.',
	startsAtIso: '2026-05-02T07:00:00.000Z',
	endsAtIso: '2026-05-02T12:00:00.000Z',
	opensAtIso: '2026-04-01T06:00:00.000Z',
	location: 'Wetteri Trucks, Turku',
	seatsLeft: 40,
	capacity: 50,
	state: 'open'
};
const context = {
	url: 'https://ilmo.example/events/x',
	organizer: 'Wetteri Trucks Oy',
	inLanguage: 'fi'
} as const;

describe('eventJsonLd', () => {
	it('describes a free, scheduled, in-person event with its place and organiser', () => {
		expect(eventJsonLd(open, context)).toMatchObject({
			'@type': 'Event',
			name: 'Avoimet ovet',
			startDate: open.startsAtIso,
			endDate: open.endsAtIso,
			eventStatus: 'https://schema.org/EventScheduled',
			eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
			location: { '@type': 'Place', name: open.location, address: open.location },
			organizer: { '@type': 'Organization', name: 'Wetteri Trucks Oy' },
			offers: {
				price: 0,
				priceCurrency: 'EUR',
				availability: 'https://schema.org/InStock',
				validFrom: open.opensAtIso,
				url: context.url
			},
			inLanguage: 'fi'
		});
	});

	it('tells scarce, full and cancelled events apart', () => {
		const offer = (e: Partial<EventFacts>) =>
			(eventJsonLd({ ...open, ...e }, context).offers as { availability: string }).availability;
		expect(offer({ seatsLeft: 3 })).toBe('https://schema.org/LimitedAvailability');
		expect(offer({ seatsLeft: 0 })).toBe('https://schema.org/SoldOut');
		expect(eventJsonLd({ ...open, state: 'cancelled' }, context).eventStatus).toBe(
			'https://schema.org/EventCancelled'
		);
	});
});

describe('jsonForScript', () => {
	it('lets no text close the script block, and reads back unchanged', () => {
		const value = { name: '</script><script>alert(1)</script> <!-- & \u2028' };
		const json = jsonForScript(value);
		expect(json).not.toMatch(/[<>&\u2028]/);
		expect(JSON.parse(json)).toEqual(value);
	});
});
