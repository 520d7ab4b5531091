import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { ticketCode } from './code';
import { ticketQrPng } from './qr';

/** The picture a PNG holds, as pngjs reads it: RGBA bytes and the size. */
function pixels(png: Buffer) {
	const image = PNG.sync.read(png);
	return { width: image.width, height: image.height, data: Buffer.from(image.data) };
}

describe('the ticket QR PNG', () => {
	it("is the very picture qrcode's own renderer draws, and reads back as the code", async () => {
		for (const version of [1, 2, 7]) {
			const code = ticketCode(crypto.randomUUID(), version);
			const png = await ticketQrPng(code);
			// What the mails carried before the PNG was written here (qrcode through pngjs).
			const reference = await QRCode.toBuffer(code, {
				errorCorrectionLevel: 'M',
				margin: 4,
				type: 'png',
				scale: 7
			});
			const drawn = pixels(png);
			expect(drawn.width).toBe(231);
			expect(drawn).toEqual(pixels(reference));
			const read = jsQR(new Uint8ClampedArray(drawn.data), drawn.width, drawn.height);
			expect(read?.data).toBe(code);
			// Grey and mostly repeated rows: small in the mail.
			expect(png.length).toBeLessThan(1500);
		}
	});
});
