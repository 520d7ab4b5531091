import {
	createServer,
	request as httpRequest,
	type OutgoingHttpHeaders,
	type Server
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventRow } from '$tests/factories';
import { clearEventPageCache, forgetEventVersions, serveEventPage } from './page-cache';
import { frontAnswer } from './page-front';
import { chooseEncoding, compressResponse } from '../compression';

const row = eventRow({ id: '00000000-0000-4000-8000-000000000002' });

const PAGE = '/events/kuorma-autopaiva';
const HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
	'x-content-type-options': 'nosniff',
	vary: 'Accept-Encoding'
};

/**
 * A server built as `node build` is: the answer in front first, then SvelteKit's own request and
 * response plumbing (getRequest, setResponse) around a `handle` that serves the page cache the way
 * hooks.server.ts does. It counts what reached SvelteKit.
 */
function frontedServer(origin: () => string, etag = false) {
	const counts = { kit: 0, renders: 0 };
	// The rest of handle: rendering, then compression for the request's Accept-Encoding.
	const render = async (request: Request) => {
		counts.renders++;
		const headers: Record<string, string> = { ...HEADERS, ...(etag ? { etag: '"v1"' } : {}) };
		const page = new Response(`<main>${'Rush '.repeat(300)}</main>`, { headers });
		return compressResponse(request, page);
	};
	const lookUp = async () => ({ row, image: null });
	const answerInFront = frontAnswer(lookUp);
	const server = createServer((req, res) => {
		if (answerInFront(req, res, origin())) return;
		counts.kit++;
		void (async () => {
			const request = await getRequest({ base: origin(), request: req });
			const url = new URL(request.url);
			const slug = /^\/events\/([^/]+)$/.exec(url.pathname)?.[1];
			const plain =
				(request.method === 'GET' || request.method === 'HEAD') &&
				url.search === '' &&
				!request.headers.has('cookie') &&
				slug;
			let response: Response;
			if (!plain) {
				if (request.method === 'POST') forgetEventVersions();
				response = await render(request);
			} else {
				const encoding =
					request.method === 'GET' ? chooseEncoding(request.headers.get('accept-encoding')) : null;
				const base = `${request.method} ${url.origin}${url.pathname} ${encoding ?? 'identity'}`;
				response = await serveEventPage({ slug, base }, lookUp, () => render(request));
			}
			await setResponse(res, response);
		})();
	});
	return { server, counts };
}

interface Answer {
	status: number;
	/** Every header as sent, in order, but the date. */
	headers: string[];
	body: string;
}

function ask(
	server: Server,
	path: string,
	options: { method?: string; headers?: OutgoingHttpHeaders } = {}
) {
	const { port } = server.address() as AddressInfo;
	return new Promise<Answer>((resolve, reject) => {
		const req = httpRequest({ port, host: '127.0.0.1', path, agent: false, ...options }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const headers: string[] = [];
				for (let i = 0; i < res.rawHeaders.length; i += 2) {
					const name = res.rawHeaders[i]!;
					if (name.toLowerCase() !== 'date') headers.push(`${name}: ${res.rawHeaders[i + 1]}`);
				}
				const body = Buffer.concat(chunks).toString('base64');
				resolve({ status: res.statusCode!, headers, body });
			});
		});
		req.on('error', reject);
		req.end();
	});
}

describe('the event page answered in front of SvelteKit', () => {
	let origin = '';
	const fronted = frontedServer(() => origin);

	beforeAll(async () => {
		await new Promise<void>((resolve) => fronted.server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(fronted.server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => fronted.server.close(resolve)));
	beforeEach(() => {
		clearEventPageCache();
		fronted.counts.kit = 0;
		fronted.counts.renders = 0;
	});
	afterEach(() => vi.useRealTimers());

	it('answers a kept page itself, with the bytes and headers SvelteKit sent for it', async () => {
		const variants = [
			{ headers: { 'accept-encoding': 'gzip, deflate, br' } },
			{ headers: { 'accept-encoding': 'gzip' } },
			{ headers: {} },
			{ method: 'HEAD', headers: { 'accept-encoding': 'br' } }
		];
		for (const variant of variants) {
			const first = await ask(fronted.server, PAGE, variant);
			const kit = fronted.counts.kit;
			const second = await ask(fronted.server, PAGE, variant);
			expect(fronted.counts.kit, JSON.stringify(variant)).toBe(kit);
			expect(second).toEqual(first);
			expect(first.status).toBe(200);
		}
		expect(fronted.counts.renders).toBe(variants.length);
	});

	it('leaves to SvelteKit what handle would not answer from the cache', async () => {
		await ask(fronted.server, PAGE);
		const others = [
			{ path: PAGE, headers: { cookie: 'a=b' } },
			{ path: `${PAGE}?x=1`, headers: {} },
			{ path: `${PAGE}?`, headers: {} },
			{ path: `${PAGE}/`, headers: {} },
			{ path: '/events/./kuorma-autopaiva', headers: {} },
			{ path: '/events/%6buorma-autopaiva', headers: {} },
			{ path: '/events/other', headers: {} },
			// Another encoding is another page, not kept yet.
			{ path: PAGE, headers: { 'accept-encoding': 'gzip' } }
		];
		for (const [i, other] of others.entries()) {
			await ask(fronted.server, other.path, { headers: other.headers });
			expect(fronted.counts.kit, other.path).toBe(i + 2);
		}
		await ask(fronted.server, PAGE, { method: 'POST' });
		// The POST is a write on this instance: the page's version is read again, through SvelteKit.
		const kit = fronted.counts.kit;
		await ask(fronted.server, PAGE);
		expect(fronted.counts.kit).toBe(kit + 1);
	});

	it('leaves a page whose version is a second old to SvelteKit, which reads it again', async () => {
		vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T10:00:00Z') });
		await ask(fronted.server, PAGE);
		await ask(fronted.server, PAGE);
		expect(fronted.counts.kit).toBe(1);
		vi.setSystemTime(new Date('2026-12-01T10:00:01Z'));
		await ask(fronted.server, PAGE);
		expect(fronted.counts.kit).toBe(2);
		await ask(fronted.server, PAGE);
		expect(fronted.counts.kit).toBe(2);
		// The registration window's state is the request's own: closed on 5 December, a new page.
		vi.setSystemTime(new Date('2026-12-06T10:00:00Z'));
		await ask(fronted.server, PAGE);
		await ask(fronted.server, PAGE);
		expect(fronted.counts.kit).toBe(3);
		expect(fronted.counts.renders).toBe(2);
	});
});

describe('a kept page with an etag', () => {
	let origin = '';
	const fronted = frontedServer(() => origin, true);

	beforeAll(async () => {
		clearEventPageCache();
		await new Promise<void>((resolve) => fronted.server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(fronted.server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => fronted.server.close(resolve)));

	it('is left to SvelteKit when the request revalidates, which may answer 304', async () => {
		const first = await ask(fronted.server, PAGE);
		const second = await ask(fronted.server, PAGE);
		expect(second).toEqual(first);
		expect(fronted.counts.kit).toBe(1);
		const revalidation = { headers: { 'if-none-match': '"v1"' } };
		await ask(fronted.server, PAGE, revalidation);
		expect(fronted.counts.kit).toBe(2);
		expect(fronted.counts.renders).toBe(1);
	});
});
