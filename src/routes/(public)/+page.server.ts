import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { presentEvent } from '$lib/server/events/present';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const locale = getLocale();
	const upcoming = await events.listUpcoming(await db());
	return { events: upcoming.map((e) => presentEvent(e, locale)) };
};
