import { createHash } from 'node:crypto';
import { currentBrand } from '../brand';
import type { Event } from '../db/schema';
import { registrationState } from './index';

/**
 * The public event page is the same HTML for every visitor: a function of the event row, the
 * language (the path says which), whether sign-up is open at this moment, and the organisation's
 * brand (logo, name, colour: src/lib/server/brand); it sets no cookie
 * and, served without JavaScript, carries no nonce. Rendering it through SvelteKit costs well over
 * a millisecond of CPU per request, which a popular event's opening minute multiplies by
 * thousands; so the rendered page is kept, keyed by exactly those inputs. The row is still read
 * on every request, so an edit or a seat taken on any instance makes a new key: a page is never
 * stale, only re-rendered less often.
 */
const MAX_ENTRIES = 256;

interface Entry {
	status: number;
	headers: [string, string][];
	body: ArrayBuffer;
}

const entries = new Map<string, Entry>();

/** The cache key for one rendering of the page. */
export function eventPageKey(pathname: string, row: Event, now: Date = new Date()): string {
	const digest = createHash('sha256').update(JSON.stringify(row)).digest('base64url');
	// The brand's version too: a new logo, name or colour shows at once, not at the next edit.
	return `${pathname} ${registrationState(row, now)} ${digest} ${currentBrand().version}`;
}

/** A fresh copy of the kept response, or null. */
export function cachedEventPage(key: string): Response | null {
	const entry = entries.get(key);
	if (!entry) return null;
	return new Response(entry.body.slice(0), { status: entry.status, headers: entry.headers });
}

/**
 * Keeps a successful, cookie-free, nonce-free HTML response and returns an equivalent one (its
 * body has been read). Anything else passes through untouched.
 */
export async function keepEventPage(key: string, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	// A page with a CSP nonce has scripts that rely on it: one nonce for everyone would defeat it.
	const nonce = /'nonce-/.test(response.headers.get('content-security-policy') ?? '');
	if (
		response.status !== 200 ||
		!type.startsWith('text/html') ||
		response.headers.has('set-cookie') ||
		nonce
	) {
		return response;
	}
	const body = await response.arrayBuffer();
	const headers = [...response.headers];
	// Oldest out first: a Map iterates in insertion order.
	if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
	entries.set(key, { status: response.status, headers, body });
	return new Response(body.slice(0), { status: response.status, headers });
}

/** For tests. */
export function clearEventPageCache() {
	entries.clear();
}
