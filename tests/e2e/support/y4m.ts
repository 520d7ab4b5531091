import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/**
 * A video file for Chromium's fake camera (--use-file-for-fake-video-capture): YUV4MPEG2, 4:2:0,
 * showing `png` (a QR code) scaled up by whole pixels on a white frame. Luma is the picture's
 * grey level; chroma is neutral (128), so the frame is black and white as a printed ticket is.
 * Chromium loops the few frames for as long as the camera is open.
 */
export function writeQrVideo(
	file: string,
	png: Buffer,
	options: { width?: number; height?: number; frames?: number } = {}
): void {
	const { width = 640, height = 480, frames = 5 } = options;
	const image = PNG.sync.read(png);
	const scale = Math.max(
		1,
		Math.floor((Math.min(width, height) * 0.8) / Math.max(image.width, image.height))
	);
	const left = Math.floor((width - image.width * scale) / 2);
	const top = Math.floor((height - image.height * scale) / 2);

	const luma = Buffer.alloc(width * height, 255);
	for (let y = 0; y < image.height * scale; y++) {
		for (let x = 0; x < image.width * scale; x++) {
			const at = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
			const [r = 255, g = 255, b = 255, a = 0] = image.data.subarray(at, at + 4);
			// Transparent pixels are paper; otherwise the BT.601 luma of the colour.
			const grey = a < 128 ? 255 : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
			luma[(top + y) * width + left + x] = grey;
		}
	}
	const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
	const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
	writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/** The text of a QR code in a PNG, read by a real decoder (jsQR), as a phone would read it. */
export async function readQrPng(png: Buffer): Promise<string> {
	const { default: jsQR } = await import('jsqr');
	const image = PNG.sync.read(png);
	const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
	if (!found) throw new Error('no QR code found in the PNG');
	return found.data;
}
