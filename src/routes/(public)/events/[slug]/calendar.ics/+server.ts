import { getLocale } from '$lib/paraglide/runtime';
import { asLocale } from '$lib/locale';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { eventCalendarFile } from '$lib/server/events/calendar';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import type { RequestHandler } from './$types';

/** The event as a calendar file to import: the same for everyone, so briefly cacheable. */
export const GET: RequestHandler = async ({ params, url }) => {
	const ev = await events.findPublicBySlug(await db(), params.slug);
	if (!ev) notFound();
	const file = eventCalendarFile(ev, asLocale(getLocale()), mailContext(url));
	return new Response(file.content, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'public, max-age=300'
		}
	});
};
