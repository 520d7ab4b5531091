import { getLocale } from '$lib/paraglide/runtime';
import { asLocale } from '$lib/locale';
import { currentBrand } from '$lib/server/brand';
import { db } from '$lib/server/db/database';
import * as feeds from '$lib/server/events/feeds';
import { revalidatableResponse } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import type { RequestHandler } from './$types';

/**
 * The public events as a calendar to subscribe to, in the path's language (/, /sv, /en). Shown
 * inline, so that a browser hands it to the calendar app; the same for everyone, so cacheable.
 */
export const GET: RequestHandler = async ({ request, url }) => {
	const locale = asLocale(getLocale());
	const list = await feeds.listFeedEvents(await db());
	const body = feeds.eventsCalendar(list, locale, {
		origin: mailContext(url).origin,
		organisationName: currentBrand().name
	});
	return revalidatableResponse(request, body, {
		'content-type': 'text/calendar; charset=utf-8',
		'content-disposition': 'inline; filename="events.ics"',
		'cache-control': feeds.FEED_CACHE_CONTROL
	});
};
