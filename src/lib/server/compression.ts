import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import {
	brotliCompressSync,
	constants,
	createBrotliCompress,
	createGzip,
	gzipSync
} from 'node:zlib';

/**
 * Compression of the app's own answers (HTML, JSON, CSV, calendars, feeds) in the app itself, so
 * that `node build` stays the whole production server: adapter-node serves the built assets
 * precompressed, but nothing compresses what SvelteKit renders.
 */

export type Encoding = 'br' | 'gzip';

/** Below this a compressed answer is hardly smaller and costs a round of CPU for nothing. */
export const MIN_BYTES = 1024;
/**
 * Brotli at 4 compresses HTML better than gzip at 6 and about as fast; the higher qualities are
 * for files compressed once at build time, not for every request.
 */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;
/**
 * A 256 KB window instead of brotli's default 4 MB: the app's answers are far smaller, and a large
 * window costs its allocation on every response.
 */
const BROTLI_WINDOW_BITS = 18;

const COMPRESSIBLE =
	/^(text\/|application\/(json|xml|atom\+xml|rss\+xml|javascript|manifest\+json|ld\+json)|image\/svg\+xml)/i;

/**
 * The encoding to use for an Accept-Encoding header: brotli when the client takes it, else gzip,
 * else none. q=0 refuses an encoding, and `*` stands for any not named.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const weights = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		let q = 1;
		for (const param of params) {
			const [key, value] = param.trim().split('=');
			if (key === 'q') q = Number.parseFloat(value ?? '');
		}
		weights.set(name, Number.isFinite(q) ? q : 0);
	}
	const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
	const br = weight('br');
	const gzip = Math.max(weight('gzip'), weights.get('x-gzip') ?? 0);
	if (br > 0 && br >= gzip) return 'br';
	if (gzip > 0) return 'gzip';
	return null;
}

function shouldCompress(request: Request, response: Response): boolean {
	if (request.method === 'HEAD' || !response.body) return false;
	if (response.status < 200 || response.status === 204 || response.status === 206) return false;
	if (response.status === 304) return false;
	const headers = response.headers;
	// Never twice: an answer that arrives encoded (a precompressed file) goes out as it is.
	if (headers.has('content-encoding')) return false;
	if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return false;
	if (!COMPRESSIBLE.test(headers.get('content-type') ?? '')) return false;
	const length = headers.get('content-length');
	return length === null || Number.parseInt(length, 10) >= MIN_BYTES;
}

function appendVary(headers: Headers) {
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
		headers.set('vary', `${vary}, Accept-Encoding`);
}

function brotliParams(sizeHint?: number) {
	return {
		[constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
		[constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
		...(sizeHint ? { [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint } : {})
	};
}

function encoder(encoding: Encoding) {
	// Flushed as the app writes, so a streamed export reaches the client batch by batch instead of
	// waiting for the compressor's buffer to fill.
	return encoding === 'br'
		? createBrotliCompress({ params: brotliParams(), flush: constants.BROTLI_OPERATION_FLUSH })
		: createGzip({ level: GZIP_LEVEL, flush: constants.Z_SYNC_FLUSH });
}

function compressWhole(encoding: Encoding, bytes: Uint8Array): Buffer {
	return encoding === 'br'
		? brotliCompressSync(bytes, { params: brotliParams(bytes.byteLength) })
		: gzipSync(bytes, { level: GZIP_LEVEL });
}

/** The chunks already read, then the rest of the stream. */
function rejoin(read: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>) {
	return new ReadableStream<Uint8Array>({
		pull: async (controller) => {
			const next = read.shift();
			if (next) return controller.enqueue(next);
			const { done, value } = await reader.read();
			if (done) controller.close();
			else controller.enqueue(value);
		},
		cancel: (reason) => reader.cancel(reason)
	});
}

/**
 * The response compressed for the request's Accept-Encoding, or as it was. A page rendered in one
 * piece (most are) is compressed in one call, which costs a tenth of a stream; a body that comes in
 * several pieces (an export) is piped through the compressor as it comes, never read whole.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
	const compressible = shouldCompress(request, response);
	// Whether or not this one is compressed, another Accept-Encoding could get a different body.
	if (compressible || response.headers.has('content-encoding')) {
		try {
			appendVary(response.headers);
		} catch {
			// Immutable headers (a fetch() answer passed through): leave them be.
			return response;
		}
	}
	if (!compressible) return response;
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return response;

	const headers = new Headers(response.headers);
	const init = { status: response.status, statusText: response.statusText, headers };
	const reader = response.body!.getReader();
	const first = await reader.read();
	const second = first.done ? first : await reader.read();
	if (first.done || second.done) {
		const whole = first.value ?? new Uint8Array(0);
		if (whole.byteLength < MIN_BYTES) return new Response(whole, init);
		const compressed = compressWhole(encoding, whole);
		markEncoded(headers, encoding);
		headers.set('content-length', String(compressed.byteLength));
		return new Response(new Uint8Array(compressed), init);
	}
	markEncoded(headers, encoding);
	const source = Readable.fromWeb(
		rejoin([first.value, second.value], reader) as NodeReadableStream<Uint8Array>
	);
	const compressed = source.pipe(encoder(encoding));
	source.once('error', (error) => compressed.destroy(error));
	return new Response(Readable.toWeb(compressed) as ReadableStream<Uint8Array>, init);
}

function markEncoded(headers: Headers, encoding: Encoding) {
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	// The compressed bytes differ from the plain ones; a strong validator would claim otherwise.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
}
