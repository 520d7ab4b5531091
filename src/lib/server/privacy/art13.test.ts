import { describe, expect, it } from 'vitest';
import type { Event } from '../db/schema';
import { eventFields, rights } from './art13';

const event = (overrides: Partial<Event>) =>
	({
		titleFi: 'Avoimet ovet',
		titleEn: 'Open house',
		titleSv: 'Öppet hus',
		descriptionFi: '',
		descriptionEn: '',
		descriptionSv: '',
		retentionDays: 90,
		phonePolicy: 'optional',
		addressPolicy: 'hidden',
		...overrides
	}) as Event;

describe('eventFields', () => {
	it('lists exactly the fields each event asks, with required or optional', () => {
		const [open, course] = eventFields(
			[
				event({}),
				event({
					titleEn: 'Course',
					phonePolicy: 'required',
					addressPolicy: 'optional',
					retentionDays: 30
				})
			],
			'en'
		);
		expect(open).toEqual({
			title: 'Open house',
			titleLang: 'en',
			retentionDays: 90,
			fields: [
				{ label: 'first name', policy: 'required' },
				{ label: 'last name', policy: 'required' },
				{ label: 'email', policy: 'required' },
				{ label: 'phone number', policy: 'optional' }
			]
		});
		expect(course!.fields.map((f) => `${f.label}:${f.policy}`)).toContain('phone number:required');
		expect(course!.fields.map((f) => f.label)).toContain('address (street, postal code, city)');
		expect(course!.retentionDays).toBe(30);
	});

	it('names the fields in Swedish and marks a title that falls back to Finnish', () => {
		const [own, fallback] = eventFields([event({}), event({ titleSv: '' })], 'sv');
		expect(own!.fields.map((f) => f.label)).toEqual([
			'förnamn',
			'efternamn',
			'e-post',
			'telefonnummer'
		]);
		expect(own).toMatchObject({ title: 'Öppet hus', titleLang: 'sv' });
		expect(fallback).toMatchObject({ title: 'Avoimet ovet', titleLang: 'fi' });
	});
});

describe('rights', () => {
	it('names every right Art. 13 requires, in every language', () => {
		for (const [locale, words] of [
			[
				'en',
				[
					'Access',
					'Rectification',
					'Erasure',
					'Restriction',
					'Objection',
					'Portability',
					'Withdrawal',
					'Complaint'
				]
			],
			[
				'sv',
				[
					'tillgång',
					'rättelse',
					'radering',
					'begränsning',
					'invända',
					'dataportabilitet',
					'Återkallande',
					'klagomål'
				]
			],
			[
				'fi',
				[
					'tarkastaa',
					'oikaisuun',
					'poistamiseen',
					'rajoittamiseen',
					'Vastustamisoikeus',
					'siirtää',
					'peruuttaminen',
					'Valitusoikeus'
				]
			]
		] as const) {
			const text = rights(locale).join('\n');
			for (const word of words) expect(text).toContain(word);
			expect(text).toContain('tietosuoja.fi');
		}
	});
});
