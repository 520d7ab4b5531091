import { error, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const event = await events.findPublicBySlug(await db(), params.slug);
	if (!event) error(404, { message: 'not_found' });
	const status = url.searchParams.get('status');
	if (status !== 'confirmed' && status !== 'waitlisted') {
		redirect(303, localizeHref(`/events/${event.slug}`));
	}
	return { status, title: events.localised(event, getLocale()).title };
};
