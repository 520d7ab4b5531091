import { getLocale } from '$lib/paraglide/runtime';
import { asLocale } from '$lib/locale';
import { currentBrand } from '$lib/server/brand';
import { db } from '$lib/server/db/database';
import * as feeds from '$lib/server/events/feeds';
import { revalidatableResponse } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import type { RequestHandler } from './$types';

/** The public events as an Atom feed, in the path's language (/, /sv, /en). */
export const GET: RequestHandler = async ({ request, url }) => {
	const locale = asLocale(getLocale());
	const list = await feeds.listFeedEvents(await db());
	const body = feeds.eventsAtom(list, locale, {
		origin: mailContext(url).origin,
		organisationName: currentBrand().name
	});
	return revalidatableResponse(request, body, {
		'content-type': 'application/atom+xml; charset=utf-8',
		'cache-control': feeds.FEED_CACHE_CONTROL
	});
};
