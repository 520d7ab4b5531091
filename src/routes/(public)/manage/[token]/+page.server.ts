import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale } from '$lib/paraglide/runtime';
import type { DetailsData } from '$lib/schemas/registration';
import { detailsSchemaFor } from '$lib/server/registrations/schemas';
import { config } from '$lib/server/config';
import { openContactManage, presentContactView } from '$lib/server/contacts/manage';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import { formatPhoneForPeople } from '$lib/server/phone';
import * as offers from '$lib/server/offers';
import * as registrations from '$lib/server/registrations';
import { presentTickets } from '$lib/server/tickets/present';
import type { Actions, PageServerLoad } from './$types';
import {
	contactPerson,
	marketingAction,
	marketingSection,
	registrantPerson,
	subscribeAction
} from './marketing.server';
import { requestAction } from './request.server';
import { OFFER_OUTCOMES, offerAction } from './offer.server';
import { remindersAction, remindersOf } from './reminders.server';

export type DetailsMessage = { kind: 'saved' };

async function openView(token: string) {
	const view = await registrations.openManage(await db(), token);
	if (!view) notFound();
	return view;
}

/**
 * A person link (the notice sent to someone who became a contact) opens what the customer register
 * holds about them; it has no registration of its own, so the details form is not offered.
 */
async function contactPage(
	token: string,
	setHeaders: (headers: Record<string, string>) => void,
	url: URL
) {
	const view = await openContactManage(await db(), token);
	if (!view) notFound();
	setHeaders(PRIVATE_HEADERS);
	// The controller's name and address come with the public layout; requests go here.
	const { email, phone } = config().controller;
	const { contacts, registrations: held } = presentContactView(view, getLocale());
	return {
		kind: 'contact' as const,
		contacts: contacts.map((c) => ({ ...c, phone: c.phone && formatPhoneForPeople(c.phone) })),
		registrations: held,
		requestsTo: { email, phone },
		marketing: await marketingSection(await db(), contactPerson(view), url)
	};
}

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const view = await registrations.openManage(await db(), params.token);
	if (!view) return contactPage(params.token, setHeaders, url);
	// After the token check, so a wrong token's 404 matches a missing page's, headers included.
	setHeaders(PRIVATE_HEADERS);
	const form = await superValidate<DetailsData, DetailsMessage>(
		view.details,
		zod4(detailsSchemaFor(view.policies)),
		{ errors: false }
	);
	return {
		kind: 'registrations' as const,
		email: view.email,
		registrations: registrations.presentRegistrations(view, getLocale()),
		policies: view.policies,
		cancelled: url.searchParams.has('cancelled'),
		offers: offers.presentOffers(view, getLocale()),
		offerOutcome: OFFER_OUTCOMES.find((o) => o === url.searchParams.get('offer')) ?? null,
		reminders: remindersOf(view),
		tickets: await presentTickets(view),
		remindersSaved: url.searchParams.get('reminders') === 'saved',
		form,
		marketing: await marketingSection(await db(), registrantPerson(view), url)
	};
};

export const actions: Actions = {
	// No setHeaders here: without JavaScript the page is rendered after the action and its load sets
	// them, and SvelteKit refuses (500) a header set twice in one request.
	details: async ({ params, request }) => {
		const view = await openView(params.token);
		const form = await superValidate<DetailsData, DetailsMessage>(
			request,
			zod4(detailsSchemaFor(view.policies))
		);
		if (!form.valid) return fail(400, { form });
		const result = await registrations.updateDetails(await db(), view, form.data);
		if (!result.ok) {
			for (const [field, key] of Object.entries(result.errors)) {
				setError(form, field as keyof DetailsData, key);
			}
			return fail(400, { form });
		}
		return message(form, { kind: 'saved' });
	},

	// Marketing: withdraw or forbid per channel, or ask for news by email (double opt-in).
	marketing: ({ params, request }) => marketingAction(params.token, request),
	marketingSubscribe: ({ params, url }) => subscribeAction(params.token, url),
	request: ({ params, request }) => requestAction(params.token, request),
	// A waiting-list offer: accept the held seat or say no thanks.
	offer: ({ params, request, url }) => offerAction(params.token, request, url),
	// The registrant's own reminders switch, per registration.
	reminders: ({ params, request }) => remindersAction(params.token, request)
};
