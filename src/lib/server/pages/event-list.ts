import { getLocale } from '$lib/paraglide/runtime';
import { db } from '../db/database';
import * as events from '../events';
import { groupBySeries } from '../events/listing';
import { eventImagesFor } from '../images';
import { asLocale } from '$lib/locale';

/** The public list of upcoming events, shared by the front page and its embeddable view. */
export async function loadEventList() {
	const database = await db();
	const upcoming = await events.listUpcoming(database);
	const ids = new Map(upcoming.map((event) => [event.slug, event.id]));
	const images = await eventImagesFor(database, [...ids.values()], asLocale(getLocale()));
	const entries = groupBySeries(upcoming, getLocale()).map((entry) =>
		// A single event's card shows its image; a series' card stands for several events.
		entry.kind === 'event'
			? { ...entry, image: images.get(ids.get(entry.event.slug) ?? '') ?? null }
			: entry
	);
	return { entries };
}

export type EventListData = Awaited<ReturnType<typeof loadEventList>>;
