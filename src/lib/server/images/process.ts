import { createHash } from 'node:crypto';
import { loadSharp } from '../sharp';

/** An upload's size limit: a phone's photo is 2–6 MB; anything larger is not worth the wait. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/**
 * Decoding cost grows with pixels, not bytes: a small PNG can claim 100 000 × 100 000 pixels (a
 * "bomb"). 40 megapixels covers any camera the staff carry.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The page's srcset widths; a smaller source gets fewer (never upscaled). */
export const PAGE_WIDTHS = [480, 960, 1440] as const;
/** Link previews (Open Graph) want one JPEG about this wide. */
export const PREVIEW_WIDTH = 1200;

export type ImageFormat = 'webp' | 'jpeg';

export interface ImageVariant {
	width: number;
	height: number;
	format: ImageFormat;
	bytes: Buffer;
}

export type ImageProblem = 'empty' | 'tooLarge' | 'notAnImage' | 'tooManyPixels' | 'unreadable';

export type ProcessedImage =
	| { ok: true; hash: string; width: number; height: number; variants: ImageVariant[] }
	| { ok: false; problem: ImageProblem };

/**
 * The format by the file's first bytes, whatever its name or declared type says: only JPEG, PNG
 * and WebP are decoded at all (no SVG, whose scripts and external references have no place here).
 */
export function sniffFormat(bytes: Uint8Array): 'jpeg' | 'png' | 'webp' | null {
	const starts = (offset: number, ...values: number[]) =>
		values.every((value, i) => bytes[offset + i] === value);
	if (starts(0, 0xff, 0xd8, 0xff)) return 'jpeg';
	if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
	// RIFF....WEBP
	if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
	return null;
}

function widthsFor(sourceWidth: number): number[] {
	const largest = Math.min(sourceWidth, Math.max(...PAGE_WIDTHS));
	return [...PAGE_WIDTHS.filter((width) => width < largest), largest];
}

/**
 * Re-encodes an upload into the variants pages use. Decoding everything anew is what strips the
 * metadata: sharp writes none unless asked (no EXIF with its GPS position and camera serial, no
 * XMP, no ICC profile with its text), so only pixels survive. The orientation EXIF carried is
 * applied to the pixels first, or a phone's portrait photo would lie on its side.
 */
export async function processImage(bytes: Uint8Array): Promise<ProcessedImage> {
	if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
	if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, problem: 'tooLarge' };
	if (!sniffFormat(bytes)) return { ok: false, problem: 'notAnImage' };
	// failOn 'warning': a truncated or damaged file is refused rather than half-decoded into grey.
	const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning' } as const;
	const sharp = await loadSharp();
	try {
		const meta = await sharp(bytes, options).metadata();
		if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) {
			return { ok: false, problem: 'tooManyPixels' };
		}
		// One decode, oriented; each variant resizes a clone of it.
		const { data, info } = await sharp(bytes, options)
			.rotate()
			.toColourspace('srgb')
			.raw()
			.toBuffer({ resolveWithObject: true });
		const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
		const variants: ImageVariant[] = [];
		const encode = async (width: number, format: ImageFormat) => {
			const pipeline = sharp(data, raw).resize({ width, withoutEnlargement: true });
			const out = await (
				format === 'webp'
					? pipeline.webp({ quality: 75 })
					: pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true })
			).toBuffer({ resolveWithObject: true });
			variants.push({ width: out.info.width, height: out.info.height, format, bytes: out.data });
		};
		for (const width of widthsFor(info.width)) await encode(width, 'webp');
		await encode(Math.min(PREVIEW_WIDTH, info.width), 'jpeg');
		const largest = variants.filter((v) => v.format === 'webp').at(-1)!;
		const hash = createHash('sha256');
		for (const variant of variants) hash.update(variant.bytes);
		return {
			ok: true,
			// 96 bits: a URL that changes whenever any variant does, so it can be cached for a year.
			hash: hash.digest('base64url').slice(0, 16),
			width: largest.width,
			height: largest.height,
			variants
		};
	} catch (error) {
		if (error instanceof Error && /pixel limit/i.test(error.message)) {
			return { ok: false, problem: 'tooManyPixels' };
		}
		return { ok: false, problem: 'unreadable' };
	}
}
