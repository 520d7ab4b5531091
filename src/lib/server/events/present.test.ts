import { describe, expect, it } from 'vitest';
import type { Event } from '../db/schema';
import { presentEvent } from './present';

const startsAt = new Date('2030-05-01T09:00:00Z');
const event = {
	slug: 'kurssi',
	titleFi: 'Kurssi',
	titleEn: 'Course',
	titleSv: '',
	descriptionFi: 'Kuvaus.',
	descriptionEn: '',
	descriptionSv: 'Beskrivning.',
	startsAt,
	endsAt: new Date(startsAt.getTime() + 3_600_000),
	location: 'Turku',
	capacity: 20,
	confirmedCount: 19,
	status: 'published',
	registrationOpensAt: null,
	registrationClosesAt: null,
	retentionDays: 30,
	phonePolicy: 'optional',
	addressPolicy: 'hidden'
} as unknown as Event;

describe('presentEvent', () => {
	it('falls back to the Finnish text where staff left one out, and says it is Finnish', () => {
		expect(presentEvent(event, 'en')).toMatchObject({
			title: 'Course',
			titleLang: 'en',
			description: 'Kuvaus.',
			descriptionLang: 'fi'
		});
		expect(presentEvent(event, 'sv')).toMatchObject({
			title: 'Kurssi',
			titleLang: 'fi',
			description: 'Beskrivning.',
			descriptionLang: 'sv'
		});
		expect(presentEvent(event, 'fi')).toMatchObject({ titleLang: 'fi', descriptionLang: 'fi' });
	});
});
