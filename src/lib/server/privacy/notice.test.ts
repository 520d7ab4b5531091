import { describe, expect, it } from 'vitest';
import { PUBLIC_LOCALES } from '../../locale';
import { noticeSections } from './notice';

describe('noticeSections', () => {
	it('has the same sections in every language, Swedish in Swedish', () => {
		const ids = noticeSections('fi').map((s) => s.id);
		for (const locale of PUBLIC_LOCALES) {
			expect(noticeSections(locale).map((s) => s.id)).toEqual(ids);
		}
		const sv = noticeSections('sv');
		expect(sv[0]!.heading).toBe('Registrets namn');
		expect(sv.map((s) => s.paragraphs.join(' ')).join(' ')).toContain('personuppgiftsansvarige');
		// Every paragraph translated: none is left as the Finnish original.
		const finnish = new Set(
			noticeSections('fi').flatMap((s) => [...s.paragraphs, ...(s.items ?? [])])
		);
		for (const text of sv.flatMap((s) => [...s.paragraphs, ...(s.items ?? [])])) {
			expect(finnish.has(text)).toBe(false);
		}
	});

	it('keeps the same number of paragraphs and items as the Finnish original', () => {
		const shape = (locale: 'fi' | 'sv' | 'en') =>
			noticeSections(locale).map((s) => [s.paragraphs.length, s.items?.length ?? 0]);
		expect(shape('sv')).toEqual(shape('fi'));
		expect(shape('en')).toEqual(shape('fi'));
	});

	it('says what a ticket, the check-in history and a door device hold, in every language', () => {
		const text = (locale: 'fi' | 'sv' | 'en') =>
			noticeSections(locale)
				.flatMap((s) => s.paragraphs)
				.join(' ');
		const said = {
			fi: ['yksisuuntainen tiiviste', 'sisäänkirjaushistoria', 'ei sähköpostiosoitteita', 'PIN'],
			sv: ['envägshash', 'incheckningshistorik', 'inga e-postadresser', 'PIN'],
			en: ['one-way hash', 'check-in history', 'no email addresses', 'PIN']
		} as const;
		for (const locale of ['fi', 'sv', 'en'] as const) {
			for (const words of said[locale]) expect(text(locale)).toContain(words);
		}
	});
});
