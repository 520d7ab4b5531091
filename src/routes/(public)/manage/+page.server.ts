import { fail, message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale } from '$lib/paraglide/runtime';
import { manageLinkSchema, type ManageLinkData } from '$lib/schemas/manage-link';
import { HONEYPOT_FIELD } from '$lib/schemas/registration';
import { config, type RateLimitSpec } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import * as mail from '$lib/server/mail';
import { mailContext } from '$lib/server/mail-context';
import { normaliseEmail } from '$lib/server/person/email';
import * as rateLimits from '$lib/server/rate-limit';
import { CLIENT_SHARE, sendManageLink } from '$lib/server/registrations/manage-link';
import type { Actions, PageServerLoad } from './$types';

/** A plain HTML form: the page ships no script, and the server checks everything anyway. */
export const csr = false;

export type LinkMessage =
	{ kind: 'sent'; email: string } | { kind: 'rateLimited'; retryAfterMinutes: number };

export const load: PageServerLoad = async () => ({
	form: await superValidate<ManageLinkData, LinkMessage>(zod4(manageLinkSchema))
});

export const actions: Actions = {
	/**
	 * The answer says nothing about the address: the same page and status whether or not anything
	 * is held for it, and the mail goes through the outbox so the time taken barely differs.
	 */
	default: async ({ request, url, getClientAddress }) => {
		// A broken or text/plain body is answered like an empty form (400), not with a 500.
		const formData = await request.formData().catch(() => new FormData());
		const form = await superValidate<ManageLinkData, LinkMessage>(formData, zod4(manageLinkSchema));
		if (!form.valid) return fail(400, { form });
		const database = await db();
		const settings = config();
		const sent = () => message(form, { kind: 'sent', email: form.data.email });
		const limit = async (bucket: string, key: string, limit: RateLimitSpec) => {
			const counted = await rateLimits.hit(database, {
				bucket,
				address: key,
				limit,
				secret: settings.rateKey
			});
			if (counted.allowed) return null;
			const retryAfterMinutes = Math.ceil(counted.retryAfterSeconds / 60);
			return message(form, { kind: 'rateLimited', retryAfterMinutes }, { status: 429 });
		};

		// Per client, then per address asked for: many clients cannot fill one inbox either.
		// One client may ask for CLIENT_SHARE times as many: a haulage office or a stand tablet behind one
		// address asks for several people, each of whom the per-target limit still covers.
		const { links } = settings.rateLimits;
		const byClient = await limit('manage-link', rateLimits.addressBlock(getClientAddress()), {
			...links,
			max: links.max * CLIENT_SHARE
		});
		if (byClient) return byClient;
		// Any filled copy counts; a bot is answered as if it worked, and nothing is sent.
		const honeypot = formData.getAll(HONEYPOT_FIELD);
		if (honeypot.some((value) => typeof value !== 'string' || value.trim() !== '')) return sent();
		const byTarget = await limit('manage-link-email', normaliseEmail(form.data.email), links);
		if (byTarget) return byTarget;

		await sendManageLink(database, {
			email: form.data.email,
			locale: getLocale(),
			context: mailContext(url)
		});
		// Woken either way, so that a held address costs no more time here than an unknown one.
		mail.wake();
		return sent();
	}
};
