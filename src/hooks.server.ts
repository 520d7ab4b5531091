import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { crossSiteRefusal, isForbiddenCrossSiteForm } from '$lib/server/csrf';
import { building, dev } from '$app/environment';
import { m } from '$lib/paraglide/messages';
import { deLocalizeUrl, extractLocaleFromUrl } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { staffSessionHandle } from '$lib/server/auth/handle';
import { PUBLIC_FORM_LIMIT, readLimited } from '$lib/server/body-limit';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db/database';
import { describeSafely, isDatabaseUnavailable } from '$lib/server/db/errors';
import { seedDemo } from '$lib/server/demo/seed';
import * as events from '$lib/server/events';
import { cachedEventPage, eventPageKey, keepEventPage } from '$lib/server/events/page-cache';
import { ensureDemoAdmin } from '$lib/server/demo/staff';
import { startScheduledJobs, stopScheduledJobs } from '$lib/server/jobs';
import * as mail from '$lib/server/mail';

export const init: ServerInit = async () => {
	if (building) return;
	const settings = config();
	const database = await getDatabase();
	if (!settings.databaseUrl && !dev) {
		console.warn(
			'[ilmo] DATABASE_URL is not set: running on the embedded database, single instance only.'
		);
	}
	if (!settings.smtpUrl) {
		console.warn(
			`[ilmo] SMTP_URL is not set: mail is written to ${settings.dataDir}/mail as .eml files.`
		);
	}
	if (!settings.rateKeyConfigured && settings.production) {
		console.warn(
			'[ilmo] ILMO_RATE_KEY is not set: a random key is used, so instances do not share rate limits.'
		);
	}
	if (!settings.suppressionKeyConfigured && settings.production) {
		console.warn(
			'[ilmo] ILMO_SUPPRESSION_KEY is not set: a random key is used, so the suppression list of ' +
				'erased people stops matching when the app restarts. Set a long random secret and keep it.'
		);
	}
	const worker = mail.startWorker(database.db, settings);
	startScheduledJobs(database.db);
	// adapter-node stops taking requests on SIGTERM/SIGINT and then emits this. The open database
	// pool would otherwise keep the process alive until it is killed (docker stop, systemd, deploys).
	process.once('sveltekit:shutdown', () => {
		stopScheduledJobs();
		void worker
			.stop()
			.finally(() => database.close())
			.catch((error: unknown) => console.error('[ilmo] shutdown failed:', error));
	});
	// Demo data and the demo login exist under `npm run dev` only, never in a production build.
	if (dev && !settings.production) {
		const seeded = await seedDemo(database.db);
		if (seeded.seeded) console.log(`[ilmo] Demo data seeded: ${seeded.events} events.`);
		const login = await ensureDemoAdmin(database.db);
		if (login) console.log(`Demo staff login: ${login.email} / ${login.password}`);
	}
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

function tooLarge(url: URL): Response {
	const locale = extractLocaleFromUrl(url) ?? 'fi';
	return new Response(m.error_body_too_large({}, { locale }), {
		status: 413,
		headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }
	});
}

/**
 * 64 KB for everything posted to public pages, checked here rather than by adapter-node so that it
 * holds under `vite dev` too; staff forms (CSV import) keep adapter-node's BODY_SIZE_LIMIT.
 */
const publicBodyLimit: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return resolve(event);
	if (deLocalizeUrl(event.url).pathname.startsWith('/staff')) return resolve(event);
	const declared = request.headers.get('content-length');
	if (declared !== null) {
		if (Number(declared) > PUBLIC_FORM_LIMIT) return tooLarge(event.url);
		return resolve(event);
	}
	const body = await readLimited(request.body, PUBLIC_FORM_LIMIT);
	if (!body) return tooLarge(event.url);
	event.request = new Request(request, { body, duplex: 'half' } as RequestInit);
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// Not no-referrer: Chromium then sends Origin: null on form POSTs, and the cross-site check
	// (src/lib/server/csrf.ts) refuses them.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

/**
 * The public event page, rendered once per version of its event row (src/lib/server/events/
 * page-cache.ts). Only a plain GET of the page itself without cookies or query: a staff member's
 * request, a form's answer, the client router's data request and anything unusual take the normal
 * path.
 */
const eventPageCache: Handle = async ({ event, resolve }) => {
	const { request, url, route, params } = event;
	if (
		request.method !== 'GET' ||
		route.id !== '/(public)/events/[slug]' ||
		// The client router's __data.json has the page's path in event.url but is not the page.
		event.isDataRequest ||
		url.search !== '' ||
		request.headers.has('cookie') ||
		!params.slug
	) {
		return resolve(event);
	}
	const row = await events.findPublicBySlug((await getDatabase()).db, params.slug);
	if (!row) return resolve(event);
	const key = eventPageKey(url.pathname, row);
	return cachedEventPage(key) ?? keepEventPage(key, await resolve(event));
};

/** Before anything reads the body or a session: a refused cross-site form does no work at all. */
const crossSiteForms: Handle = ({ event, resolve }) =>
	isForbiddenCrossSiteForm(event.request, event.url)
		? crossSiteRefusal(event.request)
		: resolve(event);

/**
 * SvelteKit answers every unexpected error with 500 and handleError cannot change that, so the
 * error page it rendered is passed on here with 503 and Retry-After when the cause was the database
 * being unreachable or restarting: a load balancer or a visitor may simply try again.
 */
const databaseUnavailable: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status !== 500 || !event.locals.databaseUnavailable) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', '5');
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers });
};

export const handle = sequence(
	databaseUnavailable,
	crossSiteForms,
	securityHeaders,
	publicBodyLimit,
	eventPageCache,
	i18n,
	staffSessionHandle
);

/**
 * Logs what went wrong without the personal data a database error carries: Drizzle's message
 * repeats the query's parameters (names, emails), so only the error's kind and code are written.
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
	if (status < 500) return { message: status === 404 ? 'Not Found' : 'Error' };
	const where = `${event.request.method} ${event.route.id ?? 'unknown route'}`;
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		console.error(`[ilmo] 503 on ${where}: database unavailable (${describeSafely(error)})`);
		return { message: 'Service Unavailable' };
	}
	const name = error instanceof Error ? error.name : typeof error;
	console.error(`[ilmo] ${status} on ${where}: ${name}: ${describeSafely(error)}`);
	return { message: 'Internal Error' };
};
