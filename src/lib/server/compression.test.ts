import { brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse, MIN_BYTES } from './compression';

const page = `<!doctype html><html><body>${'<p>Kuorma-autojen kevätnäyttely</p>'.repeat(200)}</body></html>`;

function request(acceptEncoding?: string, method = 'GET') {
	return new Request('http://ilmo.test/events/x', {
		method,
		headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
	});
}

function html(body: BodyInit = page, headers: HeadersInit = {}) {
	return new Response(body, {
		headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
	});
}

describe('chooseEncoding', () => {
	it.each([
		['gzip, deflate, br, zstd', 'br'],
		['gzip, deflate', 'gzip'],
		['br;q=0, gzip', 'gzip'],
		['gzip;q=1.0, br;q=0.5', 'gzip'],
		['*', 'br'],
		['*;q=0, gzip', 'gzip'],
		['identity', null],
		['gzip;q=0', null],
		['', null],
		['BR', 'br'],
		['x-gzip', 'gzip'],
		['gzip;q=abc', null]
	])('%s → %s', (header, expected) => {
		expect(chooseEncoding(header)).toBe(expected);
	});

	it('answers null without the header', () => {
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressResponse', () => {
	it('brotli-compresses an HTML page for a browser that takes it', async () => {
		const response = await compressResponse(
			request('gzip, deflate, br'),
			html(page, { 'content-length': String(Buffer.byteLength(page)) })
		);
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		const bytes = Buffer.from(await response.arrayBuffer());
		// Rendered in one piece, compressed in one piece: the length is known.
		expect(response.headers.get('content-length')).toBe(String(bytes.length));
		expect(bytes.length).toBeLessThan(Buffer.byteLength(page) / 5);
		expect(brotliDecompressSync(bytes).toString('utf8')).toBe(page);
	});

	it('gzips for a client without brotli, keeps the status and weakens a strong ETag', async () => {
		const response = await compressResponse(
			request('gzip'),
			new Response(JSON.stringify({ rows: Array(200).fill('Hämäläinen') }), {
				status: 404,
				headers: { 'content-type': 'application/json', etag: '"abc"', vary: 'Origin' }
			})
		);
		expect(response.status).toBe(404);
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toBe('Origin, Accept-Encoding');
		expect(response.headers.get('etag')).toBe('W/"abc"');
		const text = gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
		expect(JSON.parse(text).rows).toHaveLength(200);
	});

	it('never encodes an encoded body again', async () => {
		const encoded = gzipSync(page);
		const response = await compressResponse(
			request('br'),
			html(encoded, { 'content-encoding': 'gzip' })
		);
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).toBe(page);
	});

	it('leaves alone what is small, not text, not asked for, a HEAD or marked no-transform', async () => {
		const small = 'x'.repeat(MIN_BYTES - 1);
		const cases: [Request, Response][] = [
			[request('br'), html(small, { 'content-length': String(small.length) })],
			[
				request('br'),
				new Response(new Uint8Array(4096), { headers: { 'content-type': 'image/png' } })
			],
			[request(), html()],
			[request('identity'), html()],
			[request('br', 'HEAD'), html()],
			[request('br'), html(page, { 'cache-control': 'no-transform' })],
			[request('br'), new Response(null, { status: 204 })]
		];
		for (const [req, res] of cases) {
			const out = await compressResponse(req, res);
			expect(out.headers.has('content-encoding')).toBe(false);
		}
	});

	it('streams: what the app has written reaches the client before the body ends', async () => {
		let push!: (text: string | null) => void;
		const source = new ReadableStream<Uint8Array>({
			start(controller) {
				push = (text) =>
					text === null ? controller.close() : controller.enqueue(new TextEncoder().encode(text));
			}
		});
		const first = 'etunimi;sukunimi\r\nAino;Virtanen\r\n';
		push(first);
		push('Eino;Leino\r\n');
		const response = await compressResponse(
			request('gzip'),
			new Response(source, { headers: { 'content-type': 'text/csv; charset=utf-8' } })
		);
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.has('content-length')).toBe(false);
		const reader = response.body!.getReader();
		// The first batches decompress on their own although the export has not ended.
		const chunks: Buffer[] = [];
		let partial = '';
		while (!partial.includes('Eino')) {
			const { value } = await reader.read();
			chunks.push(Buffer.from(value!));
			partial = gunzipSync(Buffer.concat(chunks), { finishFlush: constants.Z_SYNC_FLUSH }).toString(
				'utf8'
			);
		}
		expect(partial).toBe(`${first}Eino;Leino\r\n`);
		push('Kalle;Kuljettaja\r\n');
		push(null);
		for (;;) {
			const next = await reader.read();
			if (next.done) break;
			chunks.push(Buffer.from(next.value));
		}
		expect(gunzipSync(Buffer.concat(chunks)).toString('utf8')).toBe(
			`${first}Eino;Leino\r\nKalle;Kuljettaja\r\n`
		);
	});

	it('answers a small page in one piece as it is, once it knows its size', async () => {
		const small = '<p>Hei</p>';
		const response = await compressResponse(request('br'), html(small));
		expect(response.headers.has('content-encoding')).toBe(false);
		expect(await response.text()).toBe(small);
	});
});
