import { redirect, type RequestEvent } from '@sveltejs/kit';
import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { asLocale } from '$lib/locale';
import {
	HONEYPOT_FIELD,
	type PublicSignupData,
	type SignupFormMessage
} from '$lib/schemas/registration';
import { config } from '../config';
import { db } from '../db/database';
import * as events from '../events';
import { presentContact, presentEvent } from '../events/present';
import { notFound } from '../http';
import { isGroupPost, signUpGroup } from './group-signup';
import { eventImageFor } from '../images';
import { mailContext } from '../mail-context';
import { requestEmailConsent } from '../permissions/consent';
import { wordingFor } from '../permissions/wording';
import * as rateLimits from '../rate-limit';
import * as registrations from '../registrations';
// The server's schema: it checks the phone with libphonenumber, so that error comes with the rest.
import { publicSignupSchemaFor } from '../registrations/schemas';

/**
 * The public event page's load and sign-up action, shared by the page itself (/events/{slug}) and
 * its embeddable view (/embed/events/{slug}): the two differ only in their frame and in where a
 * sign-up lands.
 */
export type EventPageVariant = 'page' | 'embed';

export type FormMessage = SignupFormMessage;

/**
 * Where every accepted sign-up lands, whatever its outcome: the page says what the mail will say
 * without knowing which, so it reveals nothing about an address (a repeat, a queue place, a bot).
 */
export function registeredPath(slug: string, variant: EventPageVariant): string {
	return localizeHref(`${variant === 'embed' ? '/embed' : ''}/events/${slug}/registered`);
}

async function findEvent(slug: string) {
	const found = await events.findPublicBySlug(await db(), slug);
	if (!found) notFound();
	return found;
}

export async function loadEventPage(slug: string) {
	const event = await findEvent(slug);
	const form = await superValidate<PublicSignupData, FormMessage>(
		zod4(publicSignupSchemaFor(event))
	);
	return {
		event: presentEvent(event, getLocale()),
		contact: presentContact(event),
		image: await eventImageFor(await db(), event.id, asLocale(getLocale())),
		controllerName: config().controller.name,
		// The exact text a confirmed consent will point at (stored once per version).
		newsWording: wordingFor('news_by_email', getLocale()).text,
		form
	};
}

export type EventPageData = Awaited<ReturnType<typeof loadEventPage>>;

type SignupRequest = Pick<RequestEvent, 'request' | 'url' | 'getClientAddress'> & {
	params: { slug: string };
};

export async function signUp(
	{ request, params, url, getClientAddress }: SignupRequest,
	variant: EventPageVariant
) {
	const database = await db();
	// A prepared statement of its own: the first of a sign-up's three round trips.
	const event = await registrations.findEventForSignUp(database, params.slug);
	if (!event) notFound();
	// SvelteKit lets text/plain through as a form type, and a broken multipart body fails to
	// parse; either is answered like an empty form (400), not with a 500.
	const formData = await request.formData().catch(() => new FormData());
	if (isGroupPost(formData)) {
		return signUpGroup(
			{ url, getClientAddress },
			formData,
			event,
			registeredPath(event.slug, variant)
		);
	}
	const form = await superValidate<PublicSignupData, FormMessage>(
		formData,
		zod4(publicSignupSchemaFor(event))
	);
	// Typing errors cost nothing and count for nothing: an invalid post writes nothing, so junk
	// posted in a loop is as cheap as a typo, and a stand tablet or an office behind one address
	// is not locked out by them. A filled honeypot gets the same answer, so a bot learns nothing.
	if (!form.valid) return fail(400, { form });

	// Every valid attempt counts, a bot's included: what the limit guards is what a post can
	// store or send, and a bot must meet the same limit a person would. A person's hit is counted
	// in the sign-up's own look-up.
	const settings = config();
	const limit = {
		bucket: 'signup',
		address: rateLimits.addressBlock(getClientAddress()),
		limit: settings.rateLimits.signups,
		secret: settings.rateKey
	};
	const rateLimited = (retryAfterSeconds: number) => {
		const retryAfterMinutes = Math.ceil(retryAfterSeconds / 60);
		return message(form, { kind: 'rateLimited', retryAfterMinutes }, { status: 429 });
	};

	// Any filled copy counts: a repeated field must not slip past by leaving one copy empty.
	const honeypot = formData.getAll(HONEYPOT_FIELD);
	if (honeypot.some((value) => typeof value !== 'string' || value.trim() !== '')) {
		const limited = await rateLimits.hit(database, limit);
		if (!limited.allowed) return rateLimited(limited.retryAfterSeconds);
		// Answered as if it worked; nothing is stored.
		redirect(303, registeredPath(event.slug, variant));
	}

	const result = await registrations.registerCounted(
		database,
		{
			event,
			data: form.data,
			askNewsConsent: form.data.newsByEmail ? requestEmailConsent : undefined,
			locale: getLocale(),
			...mailContext(url)
		},
		limit
	);
	if (!result.ok) {
		if (result.reason === 'rateLimited') return rateLimited(result.retryAfterSeconds);
		if (result.reason === 'closed') return message(form, { kind: 'closed' }, { status: 409 });
		for (const [field, key] of Object.entries(result.errors)) {
			setError(form, field as keyof PublicSignupData, key);
		}
		return fail(400, { form });
	}
	redirect(303, registeredPath(event.slug, variant));
}
