import { describe, expect, it } from 'vitest';
import { checkColour, contrastRatio, onColour, relativeLuminance } from './contrast';

describe('contrast', () => {
	it('computes WCAG relative luminance and ratios', () => {
		expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 5);
		expect(relativeLuminance('#000000')).toBe(0);
		expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
		// The WCAG reference grey: just over 4.5:1 on white.
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
	});

	it('picks the text colour that contrasts more', () => {
		expect(onColour('#0b3d5c')).toBe('#ffffff');
		expect(onColour('#ffd700')).toBe('#000000');
	});

	it('accepts dark colours and refuses light ones with the ratio, never rounded up', () => {
		expect(checkColour('#0b3d5c')).toEqual({ ok: true });
		expect(checkColour('#767676')).toEqual({ ok: true });
		expect(checkColour('#ffd700')).toEqual({ ok: false, ratio: 1.4 });
		// 4.48:1 is a refusal and must not read as "4.5:1".
		expect(checkColour('#787878')).toEqual({ ok: false, ratio: 4.4 });
	});
});
