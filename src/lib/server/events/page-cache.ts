import { createHash } from 'node:crypto';
import { currentBrand } from '../brand';
import type { Event } from '../db/schema';
import { isDatabaseUnavailable } from '../db/errors';
import { registrationState } from './index';

/**
 * The public event page is the same bytes for every visitor: a function of the event row and its
 * image, the language and variant (the path says which), whether sign-up is open at this moment,
 * the organisation's brand (src/lib/server/brand) and the encoding the client accepts; it sets no
 * cookie and, served without JavaScript, carries no nonce. Rendering and compressing it costs
 * milliseconds of CPU per request, which a popular event's opening minute multiplies by thousands,
 * and even reading the row costs a database round trip per view. So the finished answer (headers
 * and compressed bytes) is kept per those inputs, answered first in `handle` (hooks.server.ts), and
 * the event's version is read at most once a second per slug: seats left may be a second old on a
 * page, never in a capacity decision, which reads the row under its lock. Another instance's edit
 * shows within that second; this instance's own writes show at once (forgetEventVersions).
 */
const VERSION_TTL_MS = 1000;
/**
 * A view answered in front of SvelteKit in a version's last quarter second reads it again ahead of
 * time: a busy page is then never without a fresh version, and its views never queue up behind the
 * read on SvelteKit's slower path at the turn of every second.
 */
const REFRESH_AHEAD_MS = 750;
/** Pages kept: with a few locales, variants and encodings per event, tens of busy events. */
const MAX_PAGES = 256;
/** Slugs whose version is known; an unbounded map would grow with every slug a crawler tries. */
const MAX_VERSIONS = 1024;

/** What the page shows from the database, read by `lookUp` in one round trip. */
export interface EventPageSource {
	row: Event;
	/** The event's image as text, or null: a new picture or alt text must make a new page. */
	image: string | null;
}

export type LookUp = (slug: string) => Promise<EventPageSource | null>;

/** The request as far as the page depends on it. */
export interface PageRequest {
	slug: string;
	/** Method, origin, path (language and variant) and chosen encoding. */
	base: string;
}

interface Version {
	row: Event;
	digest: string;
	at: number;
}

export interface Page {
	base: string;
	status: number;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
}

const versions = new Map<string, Version>();
const lookups = new Map<string, Promise<Version | null>>();
/** Bumped by every forget, so that a lookup begun before a write does not store what it read. */
let generation = 0;
const pages = new Map<string, Page>();
const renderings = new Map<string, Promise<Page | null>>();
/**
 * The slug of each request a page was kept for, as SvelteKit's routing found it: the answer in
 * front of SvelteKit (page-front.ts) serves only requests this map knows, so it never needs to
 * route a path itself.
 */
const slugs = new Map<string, string>();

function digestOf(source: EventPageSource): string {
	return createHash('sha256').update(JSON.stringify(source)).digest('base64url');
}

/** The page's key: the request, whether sign-up is open now, the event's version, the brand's. */
function keyFor(base: string, version: Pick<Version, 'row' | 'digest'>, now: number): string {
	const state = registrationState(version.row, new Date(now));
	// The brand's version too: a new logo, name or colour shows at once, not at the next edit.
	return `${base} ${state} ${version.digest} ${currentBrand().version}`;
}

/** The key a page of this row (without a picture) would be kept under: for tests of what changes it. */
export function eventPageKey(base: string, row: Event, now: Date = new Date()): string {
	return keyFor(base, { row, digest: digestOf({ row, image: null }) }, now.getTime());
}

/** Bounded: the oldest out first (a Map iterates in insertion order). */
function remember<T>(map: Map<string, T>, key: string, value: T, max: number) {
	map.delete(key);
	if (map.size >= max) map.delete(map.keys().next().value!);
	map.set(key, value);
}

/** The event's version, read at most once a second per slug, one lookup at a time. */
function versionOf(slug: string, lookUp: LookUp, now: number): Promise<Version | null> | Version {
	const known = versions.get(slug);
	if (known && now - known.at < VERSION_TTL_MS) return known;
	return readVersion(slug, lookUp, now);
}

/** Reads the event's version, or joins the read already running for it. */
function readVersion(slug: string, lookUp: LookUp, now: number): Promise<Version | null> {
	const running = lookups.get(slug);
	if (running) return running;
	const asked = generation;
	const lookup = lookUp(slug)
		.then((source) => {
			if (!source) return null;
			// Timed from the question, not the answer: never older than a second.
			const version = { row: source.row, digest: digestOf(source), at: now };
			if (asked === generation) remember(versions, slug, version, MAX_VERSIONS);
			return version;
		})
		.finally(() => {
			if (lookups.get(slug) === lookup) lookups.delete(slug);
		});
	lookups.set(slug, lookup);
	return lookup;
}

/**
 * A write made on this instance (a sign-up, a staff edit, a new picture): the next page view reads
 * the versions again instead of serving the page from before it.
 */
export function forgetEventVersions() {
	generation++;
	versions.clear();
	lookups.clear();
}

function answer(page: Page): Response {
	// The Response copies the bytes; the kept ones stay as they are.
	return new Response(page.body, { status: page.status, headers: page.headers });
}

/** A successful HTML answer that sets no cookie and carries no nonce; anything else is not kept. */
function isKeepable(response: Response): boolean {
	const type = response.headers.get('content-type') ?? '';
	// A page with a CSP nonce has scripts that rely on it: one nonce for everyone would defeat it.
	const nonce = /'nonce-/.test(response.headers.get('content-security-policy') ?? '');
	return (
		response.status === 200 &&
		type.startsWith('text/html') &&
		!response.headers.has('set-cookie') &&
		!nonce
	);
}

/** The last page kept for this request, whatever its version: for when the database is away. */
function lastPage(base: string): Page | null {
	let found: Page | null = null;
	for (const page of pages.values()) if (page.base === base) found = page;
	return found;
}

/**
 * Renders once per key, however many requests wait for it: a new version (a seat taken) under
 * load would otherwise be rendered by every request that arrives before the first is done.
 */
async function renderOnce(key: string, request: PageRequest, render: () => Promise<Response>) {
	const { base } = request;
	const running = renderings.get(key);
	if (running) {
		const page = await running.catch(() => null);
		return page ? answer(page) : render();
	}
	let own: Response | undefined;
	const rendering = render()
		.then(async (response) => {
			if (!isKeepable(response)) {
				own = response;
				return null;
			}
			const body = new Uint8Array(await response.arrayBuffer());
			const page = { base, status: response.status, headers: [...response.headers], body };
			remember(pages, key, page, MAX_PAGES);
			remember(slugs, base, request.slug, MAX_PAGES);
			return page;
		})
		.finally(() => renderings.delete(key));
	renderings.set(key, rendering);
	const page = await rendering;
	return page ? answer(page) : own!;
}

/**
 * The event page for a plain GET or HEAD: the kept answer for the event's current version, else
 * `render()`'s (the rest of `handle`), kept when it may be. While the database is away the page
 * last kept for this request is served as it was; without one, `render()` answers (with 503).
 */
export async function serveEventPage(
	request: PageRequest,
	lookUp: LookUp,
	render: () => Promise<Response>,
	now: number = Date.now()
): Promise<Response> {
	let version: Version | null;
	try {
		version = await versionOf(request.slug, lookUp, now);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		const last = lastPage(request.base);
		return last ? answer(last) : render();
	}
	// No such event, or a draft: the normal path answers 404.
	if (!version) return render();
	const key = keyFor(request.base, version, now);
	const page = pages.get(key);
	if (!page) return renderOnce(key, request, render);
	// Used again: the busiest pages stay kept while the others make way.
	remember(pages, key, page, MAX_PAGES);
	return answer(page);
}

/**
 * The kept page for a request SvelteKit routed here before (by its `base`), if the event's version
 * was read within the last second: synchronous, for the answer in front of SvelteKit. Anything
 * else is null, and the request takes the normal path, which reads the version again. A version
 * near its second's end is read again with `lookUp` meanwhile (REFRESH_AHEAD_MS).
 */
export function keptEventPage(base: string, lookUp: LookUp, now: number = Date.now()): Page | null {
	const slug = slugs.get(base);
	if (slug === undefined) return null;
	const version = versions.get(slug);
	if (!version) return null;
	const age = now - version.at;
	if (age >= VERSION_TTL_MS) return null;
	if (age >= REFRESH_AHEAD_MS && !lookups.has(slug)) {
		// A failed read (the database away) is the next view's to meet, on the normal path.
		readVersion(slug, lookUp, now).catch(() => undefined);
	}
	const key = keyFor(base, version, now);
	const page = pages.get(key);
	if (!page) return null;
	remember(pages, key, page, MAX_PAGES);
	return page;
}

/** For tests. */
export function clearEventPageCache() {
	forgetEventVersions();
	pages.clear();
	renderings.clear();
	slugs.clear();
}
