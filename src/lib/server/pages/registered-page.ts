import { getLocale } from '$lib/paraglide/runtime';
import { db } from '../db/database';
import * as events from '../events';
import { presentEvent } from '../events/present';
import { notFound } from '../http';

/**
 * The one page every sign-up lands on, whatever happened: a seat, a queue place, a repeat of an
 * earlier sign-up or a bot's post. It reads nothing from the URL but the event (an old link's
 * `?status=` is ignored), so it is true for anyone and tells no one anything about an address; the
 * mail says what happened, to the address's owner only. Shared by the page and its embeddable view.
 */
export async function loadRegisteredPage(slug: string) {
	const event = await events.findPublicBySlug(await db(), slug);
	if (!event) notFound();
	const shown = presentEvent(event, getLocale());
	return {
		event: {
			slug: shown.slug,
			title: shown.title,
			titleLang: shown.titleLang,
			// The event's situation now, a fact about the event, not about this sign-up.
			open: shown.state === 'open',
			seatsLeft: shown.seatsLeft
		}
	};
}

export type RegisteredPageData = Awaited<ReturnType<typeof loadRegisteredPage>>;
