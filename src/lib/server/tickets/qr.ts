/**
 * The ticket's QR code: a PNG for mail (attached inline) and an SVG for the manage page. It holds
 * only the 26-character code, in QR's alphanumeric mode, so it stays a small version-2 symbol that
 * a phone camera reads from a screen or paper at a glance. Error correction M survives a crease or
 * a cracked screen without making the symbol denser.
 */
/** qrcode (some 8 MB once loaded) is imported when a code is first drawn, not at start. */
const loadQrCode = () => import('qrcode').then((module) => module.default);

const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;
/** 33 modules (25 + the quiet zone) × 7 px = 231 px: large enough to scan, small in a mail. */
const PNG_SCALE = 7;

/**
 * Grey, each row filtered against the one above: the symbol is black and white and every module
 * row repeats PNG_SCALE times, so this is about twice as fast to draw as pngjs' default (RGBA,
 * every filter tried per row) and a smaller file (some 0.9 kB instead of 1.5).
 */
const PNG_OPTIONS = { filterType: 2, colorType: 0 };

async function renderPng(code: string): Promise<Buffer> {
	const QRCode = await loadQrCode();
	return QRCode.toBuffer(code, {
		...OPTIONS,
		type: 'png',
		scale: PNG_SCALE,
		// Passed through to pngjs; qrcode's types know only its deflate options.
		rendererOpts: PNG_OPTIONS as object
	});
}

/** PNGs drawn ahead (prepareTicketQrPng), taken once; bounded, as an abandoned one is never taken. */
const prepared = new Map<string, Promise<Buffer>>();
const PREPARED_MAX = 256;

/**
 * Draws a code's PNG now, for a mail queued soon: a sign-up does this before it waits for the
 * event's lock, so the few milliseconds of drawing are not spent while every other sign-up to the
 * event waits behind it.
 */
export function prepareTicketQrPng(code: string): void {
	if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value!);
	const png = renderPng(code);
	// A failure surfaces when the mail takes it; until then it must not count as unhandled.
	png.catch(() => {});
	prepared.set(code, png);
}

/** The PNG of a code, about 230 px square. */
export function ticketQrPng(code: string): Promise<Buffer> {
	const ready = prepared.get(code);
	if (!ready) return renderPng(code);
	prepared.delete(code);
	return ready;
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
