import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { offerAnswerSchema } from '$lib/schemas/offer';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import * as offers from '$lib/server/offers';
import * as registrations from '$lib/server/registrations';

/** Notices after an answer, from `?offer=`; anything else there is ignored. */
export const OFFER_OUTCOMES = ['accepted', 'declined'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

/**
 * The manage page's `offer` action: accept the seat held for the registrant or say no thanks, both
 * POST only (mail scanners open links). An offer that lapsed or was settled is refused with 409 and
 * the page says so, and so is any answer while the event is cancelled, back in draft or begun.
 */
export async function offerAction(token: string, request: Request, url: URL) {
	const view = await registrations.openManage(await db(), token);
	if (!view) notFound();
	const body = await request.formData().catch(() => new FormData());
	const parsed = offerAnswerSchema.safeParse({
		registration: body.get('registration'),
		answer: body.get('answer')
	});
	if (!parsed.success) return fail(400, { offerRefused: true });
	const { registration, answer } = parsed.data;
	const answerOffer = answer === 'accept' ? offers.acceptOffer : offers.declineOffer;
	const result = await answerOffer(await db(), view, registration, mailContext(url));
	if (!result.ok)
		return fail(409, result.reason === 'closed' ? { offerClosed: true } : { offerRefused: true });
	const outcome: OfferOutcome = answer === 'accept' ? 'accepted' : 'declined';
	redirect(303, localizeHref(`/manage/${token}?offer=${outcome}`));
}
