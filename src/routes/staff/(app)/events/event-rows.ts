import { formatShortDateTime, type Locale } from '$lib/datetime';
import { localised } from '$lib/event-text';
import type { listWithCounts } from '$lib/server/events/staff';

type CountedEvent = Awaited<ReturnType<typeof listWithCounts>>[number];

/** One event as a row of the staff event tables (the events list and the dashboard). */
export function presentEventRow(row: CountedEvent, locale: Locale, now: Date) {
	return {
		id: row.event.id,
		title: localised(row.event, locale).title,
		starts: formatShortDateTime(row.event.startsAt, locale, now),
		startsIso: row.event.startsAt.toISOString(),
		status: row.event.status,
		confirmed: row.event.confirmedCount,
		capacity: row.event.capacity,
		waitlisted: row.waitlisted,
		checkedIn: row.checkedIn
	};
}

export type EventRow = ReturnType<typeof presentEventRow>;
