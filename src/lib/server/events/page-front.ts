import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding } from '../compression';
import { keptEventPage, type LookUp, type Page } from './page-cache';

/**
 * A kept event page answered in front of SvelteKit. Under `node build` most of a cached view's CPU
 * went to SvelteKit's request plumbing before `handle` (a Request, an AbortSignal, the response
 * stream: about 45% of a profile of 20,000 views), so the built server's handler (front/handler.js,
 * put in by front/adapter.js) asks this first, with Node's own request and response. It answers
 * only what `handle` would answer from the page cache (hooks.server.ts, eventPageCache) with the
 * same kept page: a GET or HEAD without cookie or query of a path SvelteKit routed to an event page
 * before, whose version was read within the last second. Everything else, a stale version
 * included, goes on to SvelteKit unchanged, which reads the version again.
 */

/** Where the built handler finds the answer: the server bundle and the handler are separate modules. */
export const FRONT_ANSWER = Symbol.for('ilmo.eventPageFront');

/** Answers the request and says true, or leaves it untouched and says false. */
export type FrontAnswer = (req: IncomingMessage, res: ServerResponse, origin: string) => boolean;

/**
 * Paths that `new URL()` leaves as they are (no dot segments, escapes, query or fragment), so the
 * raw path is the pathname SvelteKit saw. Slugs are made of these characters (events/slugify).
 */
const PLAIN_PATH = /^\/[A-Za-z0-9_~/-]*$/;

/** ORIGIN as SvelteKit's request URL carries it, or null when a path in it would move the pathname. */
const origins = new Map<string, string | null>();
function originOf(origin: string): string | null {
	let known = origins.get(origin);
	if (known === undefined) {
		const probe = new URL(`${origin}/p`);
		known = probe.pathname === '/p' ? probe.origin : null;
		origins.set(origin, known);
	}
	return known;
}

/** The page's headers as Node writes them: one flat list, in the order setResponse sets them. */
const flatHeaders = new WeakMap<Page, string[]>();
function headersOf(page: Page): string[] {
	let flat = flatHeaders.get(page);
	if (!flat) {
		flat = page.headers.flat();
		flatHeaders.set(page, flat);
	}
	return flat;
}

function hasEtag(page: Page): boolean {
	return page.headers.some(([name]) => name === 'etag');
}

/** The answer in front, reading an event's version with `lookUp` when it is near its second's end. */
export function frontAnswer(lookUp: LookUp): FrontAnswer {
	return (req, res, origin) => {
		const { method, url } = req;
		if (method !== 'GET' && method !== 'HEAD') return false;
		if (!url || !PLAIN_PATH.test(url) || req.headers.cookie !== undefined) return false;
		const base = originOf(origin);
		if (!base) return false;
		// The same choice as `compression` in handle: each encoding is a page of its own.
		const encoding =
			method === 'GET' ? chooseEncoding(req.headers['accept-encoding'] ?? null) : null;
		const page = keptEventPage(`${method} ${base}${url} ${encoding ?? 'identity'}`, lookUp);
		if (!page) return false;
		// After handle SvelteKit compares If-None-Match with the page's etag (and may answer 304): a
		// browser's revalidation takes that path.
		if (req.headers['if-none-match'] !== undefined && hasEtag(page)) return false;
		res.writeHead(page.status, headersOf(page));
		res.end(method === 'HEAD' ? undefined : page.body);
		return true;
	};
}

/** Called once the server bundle is loaded (hooks.server.ts): from then on the handler asks first. */
export function offerFrontAnswer(lookUp: LookUp) {
	(globalThis as Record<symbol, unknown>)[FRONT_ANSWER] = frontAnswer(lookUp);
}
