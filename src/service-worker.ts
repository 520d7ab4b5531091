/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The door device's service worker (registered by src/lib/door-offline/worker.ts from the door page
 * and the offline shell only, for /staff/ or /en/staff/). It keeps the app shell and nothing else:
 * the build's JS and CSS, the door manifest and icons, and the offline shell page, which has no
 * server load and so no personal data. Staff pages and JSON answers always go to the network and
 * are never stored. When the door page cannot be reached (no network, or 503 while the database is
 * away), the browser is sent to the shell, which opens the list kept on the device with the PIN.
 */
import { build, files, version } from '$service-worker';
// Relative paths: SvelteKit keeps this file out of the app's tsconfig (its libs differ), so the
// linter checks it in a project of its own that knows no $lib alias.
import { CACHE_PREFIX } from './lib/door-offline/wipe';
import { wipeExpired } from './lib/door-offline/store';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `${CACHE_PREFIX}${version}`;
const ASSETS = new Set([...build, ...files]);
/** /staff/ or /en/staff/ */
const scope = new URL(sw.registration.scope).pathname;
const SHELL = `${scope}door`;
const DOOR_PAGE = /^(?:\/en)?\/staff\/events\/([0-9a-f-]{36})\/checkin\/?$/;

/** The shell as the signed-in device sees it; never the sign-in page a redirect would give. */
async function fetchShell(): Promise<Response> {
	const response = await fetch(SHELL, { credentials: 'same-origin', cache: 'no-store' });
	if (!response.ok || response.redirected || new URL(response.url).pathname !== SHELL) {
		throw new Error('the offline shell needs a signed-in door account');
	}
	return response;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([...ASSETS]);
			await cache.put(SHELL, await fetchShell());
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
			}
			await wipeExpired();
			await sw.clients.claim();
		})()
	);
});

let lastExpiryCheck = 0;
/** The event's day is over: the list goes, whether or not anyone opens it again. */
function checkExpiry() {
	if (Date.now() - lastExpiryCheck < 60_000) return;
	lastExpiryCheck = Date.now();
	void wipeExpired().catch(() => {});
}

/**
 * The cached shell with a fresh CSP nonce: the page was rendered once, and a nonce that repeats
 * on every load would be no nonce at all.
 */
async function shellResponse(): Promise<Response> {
	const cached = await caches.match(SHELL, { cacheName: CACHE });
	if (!cached) return fetchShell();
	const headers = new Headers(cached.headers);
	headers.delete('content-encoding');
	headers.delete('content-length');
	let body = await cached.text();
	const policy = headers.get('content-security-policy') ?? '';
	const old = /'nonce-([^']+)'/.exec(policy)?.[1];
	if (old) {
		const bytes = crypto.getRandomValues(new Uint8Array(18));
		const nonce = btoa(String.fromCharCode(...bytes));
		body = body.replaceAll(old, nonce);
		headers.set('content-security-policy', policy.replaceAll(old, nonce));
	}
	return new Response(body, { status: 200, headers });
}

/** The door page, or the shell when the server cannot answer it. */
async function doorPage(request: Request, eventId: string): Promise<Response> {
	const shell = `${SHELL}?${new URLSearchParams({ event: eventId })}`;
	try {
		const response = await fetch(request);
		return response.status === 503 ? Response.redirect(shell, 303) : response;
	} catch {
		return Response.redirect(shell, 303);
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	checkExpiry();
	if (ASSETS.has(url.pathname)) {
		event.respondWith(
			caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit ?? fetch(request))
		);
		return;
	}
	if (request.mode !== 'navigate') return;
	if (url.pathname === SHELL) {
		event.respondWith(shellResponse());
		return;
	}
	const door = DOOR_PAGE.exec(url.pathname);
	if (door && url.pathname.startsWith(scope)) event.respondWith(doorPage(request, door[1]!));
});
