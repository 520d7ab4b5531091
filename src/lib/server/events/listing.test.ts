import { describe, expect, it } from 'vitest';
import type { Event } from '../db/schema';
import { groupBySeries } from './listing';

const DAY_MS = 86_400_000;
const base = Date.parse('2027-03-01T08:00:00Z');

function ev(slug: string, day: number, seriesId: string | null = null): Event {
	const startsAt = new Date(base + day * DAY_MS);
	return {
		slug,
		seriesId,
		titleFi: slug === 'single' ? 'Avoimet ovet' : 'Kuljettajakoulutus',
		titleSv: '',
		titleEn: '',
		descriptionFi: '',
		descriptionSv: '',
		descriptionEn: '',
		startsAt,
		endsAt: new Date(startsAt.getTime() + 3_600_000),
		location: 'Pollenkuja 6, Turku',
		capacity: 10,
		confirmedCount: day,
		status: 'published',
		registrationOpensAt: null,
		registrationClosesAt: null
	} as unknown as Event;
}

describe('groupBySeries', () => {
	it('lists a series as one entry at its first date, with every date and its seats', () => {
		const now = new Date(base - DAY_MS);
		const entries = groupBySeries(
			[
				ev('a-1', 1, 's'),
				ev('single', 2),
				ev('a-2', 3, 's'),
				ev('lone', 4, 't'),
				ev('a-3', 5, 's')
			],
			'fi',
			now
		);
		expect(entries.map((e) => e.kind)).toEqual(['series', 'event', 'event']);
		const series = entries[0]!;
		if (series.kind !== 'series') throw new Error('not a series');
		expect(series.title).toBe('Kuljettajakoulutus');
		expect(series.location).toBe('Pollenkuja 6, Turku');
		expect(series.dates.map((d) => [d.slug, d.seatsLeft])).toEqual([
			['a-1', 9],
			['a-2', 7],
			['a-3', 5]
		]);
		// A series with one date left reads as a single event.
		expect(entries[2]).toMatchObject({ kind: 'event', event: { slug: 'lone' } });
	});
});
