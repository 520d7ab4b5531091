import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { groupBySeries } from '$lib/server/events/listing';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const locale = getLocale();
	const upcoming = await events.listUpcoming(await db());
	return { entries: groupBySeries(upcoming, locale) };
};
