/**
 * WCAG 2.x contrast, for the organisation's colour. The app draws links and outlined buttons in
 * that colour on the white page and fills the header band and buttons with it, so it must reach
 * the text threshold (4.5:1) against white; the text on it is then white or black, whichever is
 * higher.
 */
export const TEXT_CONTRAST = 4.5;

const HEX_COLOUR = /^#[0-9a-f]{6}$/;

export function isHexColour(value: string): boolean {
	return HEX_COLOUR.test(value);
}

function channel(hex: string, offset: number): number {
	const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
	return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of '#rrggbb' (WCAG 2.2, "relative luminance"). */
export function relativeLuminance(hex: string): number {
	return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
	const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
	return (light! + 0.05) / (dark! + 0.05);
}

/** The text colour for a surface of `hex`: white or black, whichever contrasts more. */
export function onColour(hex: string): '#ffffff' | '#000000' {
	return contrastRatio(hex, '#ffffff') >= contrastRatio(hex, '#000000') ? '#ffffff' : '#000000';
}

export type ColourCheck = { ok: true } | { ok: false; ratio: number };

/**
 * Whether the colour may be the organisation's colour. Refused: one whose best text colour misses
 * 4.5:1, or that misses 4.5:1 against the white page where it is link text. The ratio is
 * returned (rounded down to one decimal, so a refusal never reads as "4.5:1") for the message.
 */
export function checkColour(hex: string): ColourCheck {
	const onPage = contrastRatio(hex, '#ffffff');
	const onSurface = contrastRatio(hex, onColour(hex));
	const worst = Math.min(onPage, onSurface);
	if (worst >= TEXT_CONTRAST) return { ok: true };
	return { ok: false, ratio: Math.floor(worst * 10) / 10 };
}
