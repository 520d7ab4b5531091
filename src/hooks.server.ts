import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { crossSiteRefusal, isForbiddenCrossSiteForm } from '$lib/server/csrf';
import { building, dev } from '$app/environment';
import { m } from '$lib/paraglide/messages';
import { extractLocaleFromUrl } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { isSignInPath, isStaffPath, staffSessionHandle } from '$lib/server/auth/handle';
import { PUBLIC_FORM_LIMIT, readLimited } from '$lib/server/body-limit';
import { permissionsPolicy } from '$lib/server/permissions-policy';
import { isEmbedRoute, withFrameAncestors } from '$lib/server/embed';
import { config, type Config } from '$lib/server/config';
import { checkSecretKey, SecretKeyError } from '$lib/server/auth/secret-key';
import { backfillTickets } from '$lib/server/tickets';
import { loadBrand } from '$lib/server/brand';
import type { Db } from '$lib/server/db';
import { chooseEncoding, compressResponse } from '$lib/server/compression';
import { parseWholeNumber } from '$lib/whole-number';
import { getDatabase } from '$lib/server/db/database';
import { describeSafely, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '$lib/server/db/errors';
import { seedDemo } from '$lib/server/demo/seed';
import * as events from '$lib/server/events';
import { forgetEventVersions, serveEventPage } from '$lib/server/events/page-cache';
import { offerFrontAnswer } from '$lib/server/events/page-front';
import { ensureDemoAdmin } from '$lib/server/demo/staff';
import { startScheduledJobs, stopScheduledJobs } from '$lib/server/jobs';
import { startIdleCollector } from '$lib/server/idle-collector';
import * as mail from '$lib/server/mail';

/**
 * The built server (`node build`) does not start without what keeps it safe: without ORIGIN it would
 * take the Host header for the links it mails (a forged Host puts another site's address around a
 * live manage token).
 */
function refuseUnsafeStart(settings: Config) {
	if (dev) return;
	if (!settings.origin) {
		console.error(
			'[ilmo] ORIGIN is not set. Set it to the public address of the site, e.g. ' +
				'ORIGIN=https://tapahtumat.wetteritrucks.fi: links in email are made from it, never from ' +
				'the request. The server will not start without it.'
		);
		process.exit(1);
	}
}

/**
 * The TOTP keys are encrypted under ILMO_SECRET_KEY: a built server does not start without it, nor
 * with a key other than the one the database was set up with (src/lib/server/auth/secret-key.ts).
 */
async function bindSecretKeyOrExit(db: Db, settings: Config) {
	try {
		const { encrypted } = await checkSecretKey(db, {
			...settings,
			production: settings.production || !dev
		});
		if (encrypted > 0) console.log(`[ilmo] Encrypted ${encrypted} TOTP keys stored in plain text.`);
	} catch (error) {
		if (!(error instanceof SecretKeyError)) throw error;
		console.error(`[ilmo] ${error.message} The server will not start.`);
		process.exit(1);
	}
}

export const init: ServerInit = async () => {
	if (building) return;
	const settings = config();
	refuseUnsafeStart(settings);
	const database = await getDatabase();
	await bindSecretKeyOrExit(database.db, settings);
	// Tickets are made under the secret just bound: live registrations from before them get one.
	const issued = await backfillTickets(database.db);
	if (issued > 0) console.log(`[ilmo] Issued tickets to ${issued} registrations.`);
	// Pages and mail read the brand synchronously: the snapshot exists before the first request.
	await loadBrand(database.db);
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
	const worker = mail.startWorker(database.db, settings, { built: !dev });
	startScheduledJobs(database.db);
	// An idle server gives back what its last busy spell left in V8's heap.
	if (!dev) startIdleCollector();
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
 * 64 KB for everything posted to public pages and to the anonymous sign-in steps, checked here
 * rather than by adapter-node so that it holds under `vite dev` too; other staff forms (the CSV
 * import) keep adapter-node's BODY_SIZE_LIMIT.
 */
const publicBodyLimit: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return resolve(event);
	if (isStaffPath(event.url) && !isSignInPath(event.url)) return resolve(event);
	const declared = request.headers.get('content-length');
	if (declared !== null) {
		const length = parseWholeNumber(declared);
		if (length === null || length > PUBLIC_FORM_LIMIT) return tooLarge(event.url);
		return resolve(event);
	}
	const body = await readLimited(request.body, PUBLIC_FORM_LIMIT);
	if (!body) return tooLarge(event.url);
	event.request = new Request(request, { body, duplex: 'half' } as RequestInit);
	return resolve(event);
};

/** Browsers keep to https for a year once they have seen the site over it. */
const HSTS = 'max-age=31536000';

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// Not no-referrer: Chromium then sends Origin: null on form POSTs, and the cross-site check
	// (src/lib/server/csrf.ts) refuses them.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', permissionsPolicy(event.route.id));
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.protocol === 'https:') response.headers.set('Strict-Transport-Security', HSTS);
	// Only the embeddable views may be framed, and only by the configured sites (lib/server/embed.ts).
	const csp = response.headers.get('content-security-policy');
	if (csp && isEmbedRoute(event.route.id)) {
		const framed = withFrameAncestors(csp, event.route.id, config().embedOrigins);
		response.headers.set('content-security-policy', framed);
	}
	return response;
};

/** The event page and its embeddable view: the path, part of the key, tells the two apart. */
const EVENT_PAGE_ROUTES = new Set(['/(public)/events/[slug]', '/(embed)/embed/events/[slug]']);
/** Their canonical paths only (a locale prefix, no trailing slash): anything else goes the normal way. */
const EVENT_PAGE_PATH = /^(?:\/(?:en|sv))?(?:\/embed)?\/events\/[^/]+$/;

const lookUpEventPage = async (slug: string) =>
	events.findPublicPageSource((await getDatabase()).db, slug);

/**
 * The public event page answered before any other work: the kept, already compressed answer for
 * the event's version (src/lib/server/events/page-cache.ts), with every header the rest of this
 * sequence set on it. Only a plain GET or HEAD of the page itself without cookies or query: a staff
 * member's request, a form's answer, the client router's data request and anything unusual take the
 * normal path. A write on this instance makes the next view read the event again.
 */
const eventPageCache: Handle = async ({ event, resolve }) => {
	const { request, url, route, params } = event;
	if (request.method !== 'GET' && request.method !== 'HEAD') {
		try {
			return await resolve(event);
		} finally {
			forgetEventVersions();
		}
	}
	if (
		!EVENT_PAGE_ROUTES.has(route.id ?? '') ||
		!EVENT_PAGE_PATH.test(url.pathname) ||
		// The client router's __data.json has the page's path in event.url but is not the page.
		event.isDataRequest ||
		url.search !== '' ||
		request.headers.has('cookie') ||
		!params.slug
	) {
		return resolve(event);
	}
	// What `compression` below would choose: each encoding is a page of its own.
	const encoding =
		request.method === 'GET' ? chooseEncoding(request.headers.get('accept-encoding')) : null;
	const base = `${request.method} ${url.origin}${url.pathname} ${encoding ?? 'identity'}`;
	return serveEventPage({ slug: params.slug, base }, lookUpEventPage, async () => resolve(event));
};

// The built server answers the pages kept here before SvelteKit sees the request (front/handler.js).
if (!dev && !building) offerFrontAnswer(lookUpEventPage);

/** Before anything reads the body or a session: a refused cross-site form does no work at all. */
const crossSiteForms: Handle = ({ event, resolve }) =>
	isForbiddenCrossSiteForm(event.request, event.url)
		? crossSiteRefusal(event.request)
		: resolve(event);

/** The answer to any request that needs the database while it is away: a load balancer or a visitor may try again. */
function unavailableResponse(url: URL): Response {
	const locale = extractLocaleFromUrl(url) ?? 'fi';
	const title = m.error_title({}, { locale });
	const body = m.error_unavailable({}, { locale });
	const html =
		`<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
		`<body><main id="main"><h1>${title}</h1><p>${body}</p></main></body></html>`;
	return new Response(html, {
		status: 503,
		statusText: 'Service Unavailable',
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'retry-after': String(RETRY_AFTER_SECONDS),
			'cache-control': 'no-store'
		}
	});
}

/**
 * A database outage answers 503 with Retry-After, wherever the database was read:
 * - in a load or action, SvelteKit renders its error page with 500 (handleError cannot change the
 *   status) and handleError marks the cause, so that page is passed on here as 503;
 * - in a hook (the staff session), the error leaves `resolve` and would
 *   become SvelteKit's plain 500 fallback page, so it is caught here first.
 */
const databaseUnavailable: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		const where = `${event.request.method} ${event.route.id ?? 'unknown route'}`;
		console.error(`[ilmo] 503 on ${where}: database unavailable (${describeSafely(error)})`);
		return unavailableResponse(event.url);
	}
	if (response.status !== 500 || !event.locals.databaseUnavailable) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers });
};

/** Outermost but for the page cache: every answer, the error pages included, goes out compressed. */
const compression: Handle = async ({ event, resolve }) =>
	await compressResponse(event.request, await resolve(event));

export const handle = sequence(
	// First: a kept event page is answered before any other work (it carries what the others set).
	eventPageCache,
	compression,
	databaseUnavailable,
	crossSiteForms,
	securityHeaders,
	publicBodyLimit,
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
