import { describe, expect, it } from 'vitest';
import { similarity, trigrams, workDomain } from './similarity';

describe('trigram similarity', () => {
	it('cuts padded words into the pieces pg_trgm makes', () => {
		expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat'].sort());
	});

	it('is 1 for the same name whatever the case, and 0 for nothing in common', () => {
		expect(similarity('Aino Virtanen', 'AINO VIRTANEN')).toBe(1);
		expect(similarity('Aino Virtanen', 'Pekka Ojala')).toBe(0);
		expect(similarity('', 'Aino')).toBe(0);
	});

	it('ranks a typo above a different name sharing a first name', () => {
		const typo = similarity('Aino Virtanen', 'Aino Virtane');
		const other = similarity('Aino Virtanen', 'Aino Korhonen');
		expect(typo).toBeGreaterThan(0.6);
		expect(other).toBeLessThan(typo);
	});

	it('treats ä and ö as letters of their own', () => {
		expect(similarity('Mäkelä', 'Makela')).toBeLessThan(0.5);
		expect(similarity('Mäkelä', 'mäkelä')).toBe(1);
	});
});

describe('work domain', () => {
	it('is the lower-cased domain of a company address', () => {
		expect(workDomain('Aino@Kuljetus-Virtanen.FI')).toBe('kuljetus-virtanen.fi');
	});

	it('is null for free-mail providers and missing addresses', () => {
		for (const email of ['a@gmail.com', 'b@hotmail.com', 'c@outlook.com', 'd@suomi24.fi']) {
			expect(workDomain(email)).toBeNull();
		}
		expect(workDomain(null)).toBeNull();
		expect(workDomain('not-an-address')).toBeNull();
	});
});
