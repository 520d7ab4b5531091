import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building, dev } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db/database';
import { seedDemo } from '$lib/server/demo/seed';
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
	mail.startWorker(database.db, settings);
	if (dev) {
		const seeded = await seedDemo(database.db);
		if (seeded.seeded) console.log(`[ilmo] Demo data seeded: ${seeded.events} events.`);
	}
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// Not no-referrer: Chromium then sends Origin: null on form POSTs and SvelteKit refuses them.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

export const handle = sequence(i18n, securityHeaders);
