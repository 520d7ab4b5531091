import { describe, expect, it } from 'vitest';
import { eventTitle, localised } from './event-text';

const texts = {
	titleFi: 'Avoimet ovet',
	titleSv: 'Öppet hus',
	titleEn: '',
	descriptionFi: 'Tervetuloa.',
	descriptionSv: ' ',
	descriptionEn: 'Welcome.'
};

describe('localised', () => {
	it('gives each language its own text and says which language it is', () => {
		expect(localised(texts, 'sv')).toMatchObject({ title: 'Öppet hus', titleLang: 'sv' });
		expect(localised(texts, 'en')).toMatchObject({
			description: 'Welcome.',
			descriptionLang: 'en'
		});
		expect(localised(texts, 'fi')).toEqual({
			title: 'Avoimet ovet',
			titleLang: 'fi',
			description: 'Tervetuloa.',
			descriptionLang: 'fi'
		});
	});

	it('falls back to Finnish, marked as Finnish, where staff left a text out', () => {
		expect(localised(texts, 'en')).toMatchObject({ title: 'Avoimet ovet', titleLang: 'fi' });
		expect(localised(texts, 'sv')).toMatchObject({
			description: 'Tervetuloa.',
			descriptionLang: 'fi'
		});
	});

	it('never leaves a staff table with an empty title', () => {
		expect(eventTitle({ titleFi: 'Avoimet ovet', titleEn: '' }, 'en')).toBe('Avoimet ovet');
		expect(eventTitle({ titleFi: 'Avoimet ovet', titleEn: 'Open house' }, 'sv')).toBe(
			'Avoimet ovet'
		);
	});
});
