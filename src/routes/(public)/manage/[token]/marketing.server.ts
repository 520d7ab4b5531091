import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { decisionOf, manageMarketingSchema } from '$lib/schemas/marketing';
import { openContactManage, type ContactManageView } from '$lib/server/contacts/manage';
import type { Db } from '$lib/server/db';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import * as mail from '$lib/server/mail';
import { mailContext } from '$lib/server/mail-context';
import * as permissions from '$lib/server/permissions';
import * as registrations from '$lib/server/registrations';

/** Notices after a marketing button, from `?marketing=`; anything else there is ignored. */
export const MARKETING_DONE = ['withdrawn', 'prohibited', 'prohibited_all', 'requested'] as const;
export type MarketingDone = (typeof MARKETING_DONE)[number];

export interface LinkPerson {
	/** The key decisions made on this page are recorded under (the ledger resolves aliases). */
	personId: string;
	/** Where a double opt-in request would go: the address on record, if any. */
	email: string | null;
}

/** A registration link's person: the registrations' key, and the address the link was sent to. */
export function registrantPerson(view: registrations.ManageView): LinkPerson {
	return {
		personId: view.personId,
		email: view.email
	};
}

/** A person link's (a contact's notice): the live contact record's address, if it has one. */
export function contactPerson(view: ContactManageView): LinkPerson {
	const live = view.contacts.find((c) => c.state === 'active' && c.email);
	return { personId: view.personId, email: live?.email ?? null };
}

/** The person behind either kind of manage link, or the same 404 as a missing page. */
async function openLinkPerson(database: Db, token: string): Promise<LinkPerson> {
	const view = await registrations.openManage(database, token);
	if (view) return registrantPerson(view);
	const contact = await openContactManage(database, token);
	if (!contact) notFound();
	return contactPerson(contact);
}

/** What the page's marketing section shows, for either kind of link. */
export async function marketingSection(database: Db, person: LinkPerson, url: URL) {
	const state = await permissions.stateOf(database, person.personId);
	const asked = MARKETING_DONE.find((kind) => kind === url.searchParams.get('marketing')) ?? null;
	// "We sent the confirmation to {email}" needs an address: without one it would end in " ."
	const done = asked === 'requested' && !person.email ? null : asked;
	const { decision } = state.email;
	return {
		state,
		email: person.email,
		// Giving consent goes through the confirmation email; a prohibition stands until the person
		// lifts it through such a link, which requestEmailConsent does not send while it stands.
		canSubscribe: person.email !== null && decision !== 'granted' && decision !== 'prohibited',
		done
	};
}

/** Back to the section, with its notice; the fragment brings a no-JS reader to it. */
function back(token: string, done: MarketingDone | null): never {
	const search = done ? `?marketing=${done}` : '';
	redirect(303, localizeHref(`/manage/${token}${search}#marketing`));
}

/** `?/marketing`: withdraw or forbid, one button per choice. Never a grant (recordByManage). */
export async function marketingAction(token: string, request: Request) {
	const database = await db();
	const person = await openLinkPerson(database, token);
	const formData = await request.formData().catch(() => new FormData());
	const parsed = manageMarketingSchema.safeParse({ choice: formData.get('choice') });
	if (!parsed.success) return fail(400, { marketingError: true });
	const { channel, decision } = decisionOf(parsed.data.choice);
	const result = await permissions.recordByManage(database, person.personId, channel, decision);
	if (!result.ok) return fail(409, { marketingError: true });
	back(
		token,
		channel === 'all' ? 'prohibited_all' : decision === 'withdrawn' ? 'withdrawn' : 'prohibited'
	);
}

/** `?/marketingSubscribe`: the first half of double opt-in, to the address on record. */
export async function subscribeAction(token: string, url: URL) {
	const database = await db();
	const person = await openLinkPerson(database, token);
	if (!person.email) return fail(409, { marketingError: true });
	const email = person.email;
	const sent = await database.transaction((tx) =>
		permissions.requestEmailConsent(tx, {
			personId: person.personId,
			email,
			locale: getLocale(),
			context: mailContext(url)
		})
	);
	if (sent) mail.wake();
	// Not sent: consent is already given or a prohibition stands; the section shows which.
	back(token, sent ? 'requested' : null);
}

/**
 * The marketing part of the Art. 15/20 download: the state now and every decision about the
 * person under any of their keys, newest first. Who on the staff recorded a decision is left out
 * (their name is their data, not the person's); that staff recorded it is kept.
 */
export async function marketingExport(database: Db, personId: string) {
	const [state, history] = await Promise.all([
		permissions.stateOf(database, personId),
		permissions.historyOf(database, personId)
	]);
	return {
		state: Object.fromEntries(
			permissions.CHANNELS.map((channel) => {
				const { decision, basis, since, source, mayMarket } = state[channel];
				return [
					channel,
					{ decision, basis, since: since?.toISOString() ?? null, source, mayMarket }
				];
			})
		),
		history: history.map((entry) => ({
			channel: entry.channel,
			decision: entry.decision,
			basis: entry.basis,
			source: entry.source,
			recordedBy: entry.recordedByPerson ? 'you' : 'staff',
			note: entry.note,
			recordedAt: entry.recordedAt.toISOString(),
			wording: entry.wording
				? { version: entry.wording.version, locale: entry.wording.locale, text: entry.wording.text }
				: null
		}))
	};
}
