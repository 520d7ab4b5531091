/**
 * The ticket's QR code: a PNG for mail (attached inline) and an SVG for the manage page. It holds
 * only the 26-character code, in QR's alphanumeric mode, so it stays a small version-2 symbol that
 * a phone camera reads from a screen or paper at a glance. Error correction M survives a crease or
 * a cracked screen without making the symbol denser.
 */
import { constants, crc32, deflateSync } from 'node:zlib';

/** qrcode (some 8 MB once loaded) is imported when a code is first drawn, not at start. */
const loadQrCode = () => import('qrcode').then((module) => module.default);

const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;
/** 33 modules (25 + the quiet zone) × 7 px = 231 px: large enough to scan, small in a mail. */
const PNG_SCALE = 7;

/**
 * The PNG, written here rather than by qrcode's renderer (pngjs): a symbol is only black and white
 * modules, each PNG_SCALE pixels square, so one 8-bit grey scanline per module row is built and
 * the row repeated with PNG's "Up" filter (all zeros), which zlib packs to almost nothing. That is
 * the same picture pngjs drew from an RGBA buffer of every pixel, in a quarter of the CPU time
 * (most of what is left is qrcode choosing the symbol's mask); drawing it was the largest cost of
 * sending a ticket's mail. About 230 px square.
 */
export async function ticketQrPng(code: string): Promise<Buffer> {
	const QRCode = await loadQrCode();
	const { modules } = QRCode.create(code, { errorCorrectionLevel: OPTIONS.errorCorrectionLevel });
	return greyPng(modules.size, (row, column) => modules.data[row * modules.size + column] === 1);
}

const WHITE = 255;
/** PNG filter type 2, "Up": each byte is its difference from the byte above. */
const FILTER_UP = 2;

/** A symbol of `size` modules with its quiet zone, PNG_SCALE pixels a module, as a grey PNG. */
function greyPng(size: number, dark: (row: number, column: number) => boolean): Buffer {
	const modulesWide = size + 2 * OPTIONS.margin;
	const width = modulesWide * PNG_SCALE;
	const stride = width + 1;
	// Zeros: every pixel row after the first of its module row is the same as the one above.
	const raw = Buffer.alloc(stride * width);
	let above = Buffer.alloc(width);
	for (let moduleRow = 0; moduleRow < modulesWide; moduleRow++) {
		const line = Buffer.alloc(width, WHITE);
		const row = moduleRow - OPTIONS.margin;
		if (row >= 0 && row < size) {
			for (let column = 0; column < size; column++) {
				if (!dark(row, column)) continue;
				const x = (column + OPTIONS.margin) * PNG_SCALE;
				line.fill(0, x, x + PNG_SCALE);
			}
		}
		for (let y = 0; y < PNG_SCALE; y++) raw[(moduleRow * PNG_SCALE + y) * stride] = FILTER_UP;
		const first = moduleRow * PNG_SCALE * stride + 1;
		for (let x = 0; x < width; x++) raw[first + x] = (line[x]! - above[x]!) & 0xff;
		above = line;
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(width, 4);
	// Bit depth 8, colour type 0 (grey), deflate, adaptive filtering, no interlace.
	header.set([8, 0, 0, 0, 0], 8);
	return Buffer.concat([
		PNG_SIGNATURE,
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(raw, { level: 9, strategy: constants.Z_RLE })),
		pngChunk('IEND', Buffer.alloc(0))
	]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG chunk: its length, type, data and the CRC-32 of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
	const chunk = Buffer.alloc(12 + data.length);
	chunk.writeUInt32BE(data.length, 0);
	chunk.write(type, 4, 'latin1');
	data.copy(chunk, 8);
	chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
	return chunk;
}

/**
 * The SVG of a code, to inline in a page: a fixed viewBox with no size, so CSS sets it; no script,
 * style or link in it. The caller gives it its role and accessible name.
 */
export async function ticketQrSvg(code: string): Promise<string> {
	const QRCode = await loadQrCode();
	const svg = await QRCode.toString(code, { ...OPTIONS, type: 'svg' });
	// qrcode writes only paths and a viewBox; anything else would mean the library changed.
	if (/<script|style=|href=/i.test(svg)) throw new Error('Unexpected content in the QR SVG');
	return svg.trim();
}
