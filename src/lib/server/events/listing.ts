import type { Locale } from '../../datetime';
import type { Event } from '../db/schema';
import { presentEvent, type PublicEvent } from './present';

/** One entry of the public list: an event, or the upcoming dates of one series. */
export type ListingEntry =
	| { kind: 'event'; event: PublicEvent }
	| {
			kind: 'series';
			key: string;
			title: string;
			titleLang: string;
			location: string;
			dates: PublicEvent[];
	  };

/**
 * Groups the public list: the dates of one series become one entry where the visitor picks a
 * date, placed where its first date falls; a series with one date left reads as a single event.
 * Takes the list in date order (events.listUpcoming), so no query more than before.
 */
export function groupBySeries(events: Event[], locale: Locale, now: Date = new Date()) {
	const bySeries = new Map<string, Event[]>();
	for (const e of events) {
		if (e.seriesId) bySeries.set(e.seriesId, [...(bySeries.get(e.seriesId) ?? []), e]);
	}
	const entries: ListingEntry[] = [];
	const placed = new Set<string>();
	for (const e of events) {
		const dates = e.seriesId ? bySeries.get(e.seriesId)! : [e];
		if (dates.length < 2) {
			entries.push({ kind: 'event', event: presentEvent(e, locale, now) });
			continue;
		}
		if (placed.has(e.seriesId!)) continue;
		placed.add(e.seriesId!);
		const presented = dates.map((d) => presentEvent(d, locale, now));
		const first = presented[0]!;
		entries.push({
			kind: 'series',
			key: e.seriesId!,
			title: first.title,
			titleLang: first.titleLang,
			// The place of every date when they share one, as a series usually does.
			location: presented.every((d) => d.location === first.location) ? first.location : '',
			dates: presented
		});
	}
	return entries;
}
