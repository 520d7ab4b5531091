import { redirect } from '@sveltejs/kit';
import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	HONEYPOT_FIELD,
	publicSignupSchemaFor,
	type PublicSignupData
} from '$lib/schemas/registration';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { presentEvent } from '$lib/server/events/present';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import { requestEmailConsent } from '$lib/server/permissions/consent';
import { wordingFor } from '$lib/server/permissions/wording';
import * as rateLimits from '$lib/server/rate-limit';
import * as registrations from '$lib/server/registrations';
import type { Actions, PageServerLoad } from './$types';

/**
 * Served without JavaScript: the form is plain HTML whose every check the server makes anyway, so
 * the page costs no script and works alike in every browser. It also carries no CSP nonce, which
 * lets one rendering serve every visitor (hooks.server.ts, events/page-cache.ts).
 */
export const csr = false;

export type FormMessage =
	{ kind: 'closed' | 'unexpected' } | { kind: 'rateLimited'; retryAfterMinutes: number };

async function findEvent(slug: string) {
	const found = await events.findPublicBySlug(await db(), slug);
	if (!found) notFound();
	return found;
}

export const load: PageServerLoad = async ({ params }) => {
	const event = await findEvent(params.slug);
	const form = await superValidate<PublicSignupData, FormMessage>(
		zod4(publicSignupSchemaFor(event))
	);
	return {
		event: presentEvent(event, getLocale()),
		controllerName: config().controller.name,
		// The exact text a confirmed consent will point at (stored once per version).
		newsWording: wordingFor('news_by_email', getLocale()).text,
		form
	};
};

export const actions: Actions = {
	default: async ({ request, params, url, getClientAddress }) => {
		const event = await findEvent(params.slug);
		// SvelteKit lets text/plain through as a form type, and a broken multipart body fails to
		// parse; either is answered like an empty form (400), not with a 500.
		const formData = await request.formData().catch(() => new FormData());
		const form = await superValidate<PublicSignupData, FormMessage>(
			formData,
			zod4(publicSignupSchemaFor(event))
		);
		const database = await db();
		const settings = config();

		// Counted before validation, so that junk posted in a loop is limited as well.
		const limited = await rateLimits.hit(database, {
			bucket: 'signup',
			address: rateLimits.addressBlock(getClientAddress()),
			limit: settings.rateLimits.signups,
			secret: settings.rateKey
		});
		if (!limited.allowed) {
			const retryAfterMinutes = Math.ceil(limited.retryAfterSeconds / 60);
			return message(form, { kind: 'rateLimited', retryAfterMinutes }, { status: 429 });
		}

		// Any filled copy counts: a repeated field must not slip past by leaving one copy empty.
		const honeypot = formData.getAll(HONEYPOT_FIELD);
		if (honeypot.some((value) => typeof value !== 'string' || value.trim() !== '')) {
			// Answer as if it worked, so the bot learns nothing; store nothing.
			const status = events.seatsLeft(event) > 0 ? 'confirmed' : 'waitlisted';
			redirect(303, localizeHref(`/events/${event.slug}/registered?status=${status}`));
		}
		if (!form.valid) return fail(400, { form });

		const result = await registrations.register(database, {
			event,
			data: form.data,
			askNewsConsent: form.data.newsByEmail ? requestEmailConsent : undefined,
			locale: getLocale(),
			...mailContext(url)
		});
		if (!result.ok) {
			if (result.reason === 'closed') return message(form, { kind: 'closed' }, { status: 409 });
			for (const [field, key] of Object.entries(result.errors)) {
				setError(form, field as keyof PublicSignupData, key);
			}
			return fail(400, { form });
		}
		redirect(303, localizeHref(`/events/${event.slug}/registered?status=${result.status}`));
	}
};
