import { describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { reasonText } from './link-messages';

describe('reasonText', () => {
	it('calls an identical name the same name, not a 100 % similar one', () => {
		overwriteGetLocale(() => 'fi');
		expect(reasonText('similar_name', 1)).toBe('sama nimi');
		expect(reasonText('similar_name', 0.86)).toBe('samankaltainen nimi (86 %)');
		expect(reasonText('similar_name', 0.997)).toBe('samankaltainen nimi (99 %)');
		overwriteGetLocale(() => 'en');
		expect(reasonText('similar_name', 1)).toBe('same name');
	});
});
