import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, processImage, sniffFormat } from './process';

/** A landscape picture with a gradient (so encoders have something to encode). */
function picture(width: number, height: number) {
	return sharp({
		create: { width, height, channels: 3, background: { r: 200, g: 80, b: 30 } }
	}).composite([
		{
			input: Buffer.from(
				`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width / 2}" height="${height}" fill="#123456"/></svg>`
			)
		}
	]);
}

/** A photo as a phone writes it: taken sideways (orientation 6), with GPS, camera, XMP and ICC. */
async function phonePhoto() {
	return picture(400, 200)
		.jpeg()
		.withMetadata({ orientation: 6 })
		.withIccProfile('p3')
		.withExif({
			IFD0: { Make: 'SecretCam', Copyright: 'Owner Secret' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 27/1 0/1' }
		})
		.withXmp(
			'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="XmpSecretPerson"/></rdf:RDF></x:xmpmeta>'
		)
		.toBuffer();
}

/** A valid PNG header claiming 30 000 × 30 000 pixels, a few hundred bytes in all. */
function pngBomb() {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(30_000, 0);
	header.writeUInt32BE(30_000, 4);
	header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.alloc(30_001 * 4))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

describe('processImage', () => {
	it('strips EXIF, GPS, XMP and ICC after turning the picture upright', async () => {
		const input = await phonePhoto();
		const before = await sharp(input).metadata();
		// The fixture really carries what must not survive.
		expect(before.exif).toBeDefined();
		expect(before.xmp).toBeDefined();
		expect(before.icc).toBeDefined();
		expect(before.orientation).toBe(6);
		expect(input.includes('SecretCam')).toBe(true);

		const result = await processImage(input);
		if (!result.ok) throw new Error(result.problem);
		// Rotated: 400 × 200 sideways is 200 × 400 upright.
		expect([result.width, result.height]).toEqual([200, 400]);
		for (const variant of result.variants) {
			const meta = await sharp(variant.bytes).metadata();
			expect(meta.format).toBe(variant.format);
			expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.icc).toBeUndefined();
			expect(meta.orientation).toBeUndefined();
			for (const secret of ['SecretCam', 'Owner Secret', 'XmpSecretPerson', 'GPS', 'Exif']) {
				expect(variant.bytes.includes(secret)).toBe(false);
			}
		}
	});

	it('scales to 480, 960 and 1440 as WebP plus a 1200 JPEG, never upscaling', async () => {
		const large = await processImage(await picture(2000, 1000).png().toBuffer());
		if (!large.ok) throw new Error(large.problem);
		expect(large.variants.map((v) => `${v.format} ${v.width}x${v.height}`)).toEqual([
			'webp 480x240',
			'webp 960x480',
			'webp 1440x720',
			'jpeg 1200x600'
		]);
		expect([large.width, large.height]).toEqual([1440, 720]);

		const medium = await processImage(await picture(700, 350).webp().toBuffer());
		if (!medium.ok) throw new Error(medium.problem);
		expect(medium.variants.map((v) => `${v.format} ${v.width}`)).toEqual([
			'webp 480',
			'webp 700',
			'jpeg 700'
		]);
		const again = await processImage(await picture(700, 350).webp().toBuffer());
		expect(again.ok && again.hash).toBe(medium.hash);
		expect(large.hash).not.toBe(medium.hash);
	});

	it('refuses what is not a whole JPEG, PNG or WebP, by content rather than by name', async () => {
		const jpeg = await picture(600, 300).jpeg().toBuffer();
		const svg = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>'
		);
		const gif = await picture(20, 20).gif().toBuffer();
		const tooLarge = Buffer.alloc(MAX_IMAGE_BYTES + 1);
		jpeg.copy(tooLarge);
		const cases: [Uint8Array, string][] = [
			[new Uint8Array(0), 'empty'],
			[Buffer.from('Tämä on tekstitiedosto, nimeltään kuva.jpg\n'), 'notAnImage'],
			[svg, 'notAnImage'],
			[gif, 'notAnImage'],
			[jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'unreadable'],
			[pngBomb(), 'tooManyPixels'],
			[tooLarge, 'tooLarge']
		];
		for (const [bytes, problem] of cases) {
			expect(await processImage(bytes)).toEqual({ ok: false, problem });
		}
	});

	it('knows the three formats by their first bytes', async () => {
		expect(sniffFormat(await picture(8, 8).jpeg().toBuffer())).toBe('jpeg');
		expect(sniffFormat(await picture(8, 8).png().toBuffer())).toBe('png');
		expect(sniffFormat(await picture(8, 8).webp().toBuffer())).toBe('webp');
		expect(sniffFormat(Buffer.from('RIFF0000WAVE'))).toBeNull();
	});
});
