import { createHash } from 'node:crypto';
import { loadSharp } from '../sharp';

/**
 * The most an uploaded logo may weigh: half of adapter-node's default BODY_SIZE_LIMIT (512K), so
 * that a maximal logo with the brand form around it reaches our own check, not adapter-node's 413.
 */
export const LOGO_MAX_BYTES = 256 * 1024;
/** A PNG logo is scaled down to fit this box: more is never shown. */
const PNG_MAX_SIDE = 1024;
/** An SVG logo is drawn for mail at this height: 48 px shown, twice for sharp screens. */
const MAIL_HEIGHT = 96;

export interface Logo {
	/** The sanitised SVG text when the upload was an SVG. */
	svg: string | null;
	/** Always present: what mail carries, and what pages show when there is no SVG. */
	png: Buffer;
	width: number;
	height: number;
	hash: string;
}

export type LogoRefusal = 'type' | 'size' | 'unreadable';
export type LogoResult = { ok: true; logo: Logo } | { ok: false; reason: LogoRefusal };

function isPng(bytes: Buffer): boolean {
	return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

function hashOf(svg: string | null, png: Buffer): string {
	return createHash('sha256')
		.update(svg ?? '')
		.update(png)
		.digest('base64url')
		.slice(0, 16);
}

/**
 * Turns an upload into a logo: a PNG is re-encoded (which drops its metadata) and scaled down; an
 * SVG is sanitised and drawn to PNG for mail. The type is told by the bytes, not by the name the
 * browser sent. Anything sharp cannot read is refused.
 */
export async function processLogo(bytes: Buffer): Promise<LogoResult> {
	if (bytes.length > LOGO_MAX_BYTES) return { ok: false, reason: 'size' };
	if (bytes.length === 0) return { ok: false, reason: 'type' };
	let svg: string | null = null;
	if (!isPng(bytes)) {
		const text = bytes.toString('utf8');
		if (!/<svg[\s>]/.test(text)) return { ok: false, reason: 'type' };
		// sanitize-html and sharp are loaded here, when a logo is uploaded, not when the server starts.
		const { sanitiseSvg } = await import('./sanitise-svg');
		svg = sanitiseSvg(text);
		if (!svg) return { ok: false, reason: 'unreadable' };
	}
	const sharp = await loadSharp();
	try {
		const image = svg
			? sharp(Buffer.from(svg), { limitInputPixels: 4096 * 4096 }).resize({ height: MAIL_HEIGHT })
			: sharp(bytes, { limitInputPixels: 8192 * 8192 }).resize({
					width: PNG_MAX_SIDE,
					height: PNG_MAX_SIDE,
					fit: 'inside',
					withoutEnlargement: true
				});
		const { data, info } = await image.png().toBuffer({ resolveWithObject: true });
		if (info.width < 1 || info.height < 1) return { ok: false, reason: 'unreadable' };
		return {
			ok: true,
			logo: { svg, png: data, width: info.width, height: info.height, hash: hashOf(svg, data) }
		};
	} catch {
		return { ok: false, reason: 'unreadable' };
	}
}
