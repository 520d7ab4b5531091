/** The dealer's events happen in Turku: times are always shown in Finnish time, whatever the viewer's zone. */
export const EVENT_TIME_ZONE = 'Europe/Helsinki';

import { intlLocale, type Locale } from './locale';

export type { Locale };

// Building an Intl.DateTimeFormat costs far more than formatting with one (the benchmark found
// about an eighth of an event page's server time in it), so each is made once per locale.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
	let found = formatters.get(key);
	if (!found) {
		found = make();
		formatters.set(key, found);
	}
	return found;
}

export function formatDateTime(date: Date, locale: Locale): string {
	return formatter(
		`full/${locale}`,
		() =>
			new Intl.DateTimeFormat(intlLocale(locale), {
				timeZone: EVENT_TIME_ZONE,
				dateStyle: 'full',
				timeStyle: 'short'
			})
	).format(date);
}

/** The calendar year in Finnish time, which is the year a short date leaves out. */
function finnishYear(date: Date): number {
	return finnishParts(date).year;
}

function shortFormat(locale: Locale, withYear: boolean, withTime: boolean): Intl.DateTimeFormat {
	return formatter(
		`short/${locale}/${withYear}/${withTime}`,
		() =>
			new Intl.DateTimeFormat(intlLocale(locale), {
				timeZone: EVENT_TIME_ZONE,
				day: 'numeric',
				// Finnish staff read "6.12." at a glance; "06/12" is ambiguous to an English reader.
				month: locale === 'fi' ? 'numeric' : 'short',
				...(withYear ? { year: 'numeric' } : {}),
				...(withTime ? { hour: locale === 'fi' ? 'numeric' : '2-digit', minute: '2-digit' } : {})
			})
	);
}

/**
 * A date and time for a table cell or a line of a list, where a full weekday-and-month date would
 * repeat itself on every row and push the table wide: "6.12. klo 8.23" in Finnish, "6 Dec, 08:23"
 * in English. The year is shown only when it is not the current one (in Finnish time), so last
 * December's rows still read unambiguously: "6.12.2025 klo 8.23", "6 Dec 2025, 08:23".
 * `now` is the moment that decides the current year; tests pass it, pages leave it out.
 */
export function formatShortDateTime(date: Date, locale: Locale, now: Date = new Date()): string {
	return shortFormat(locale, finnishYear(date) !== finnishYear(now), true).format(date);
}

/**
 * A date without the time, as short as `formatShortDateTime`: "6.12." / "6 Dec", with the year only
 * when it is not the current one ("6.12.2025" / "6 Dec 2025").
 */
export function formatShortDate(date: Date, locale: Locale, now: Date = new Date()): string {
	return shortFormat(locale, finnishYear(date) !== finnishYear(now), false).format(date);
}

/** "Thursday 10 December 2026, 10:00–14:30", or both full dates when the event spans days. */
export function formatEventRange(start: Date, end: Date, locale: Locale): string {
	const dayFormat = formatter(
		'day',
		() => new Intl.DateTimeFormat('en-CA', { timeZone: EVENT_TIME_ZONE })
	);
	const day = (d: Date) => dayFormat.format(d);
	if (day(start) === day(end)) {
		const time = formatter(
			`time/${locale}`,
			() =>
				new Intl.DateTimeFormat(intlLocale(locale), {
					timeZone: EVENT_TIME_ZONE,
					timeStyle: 'short'
				})
		);
		return `${formatDateTime(start, locale)}–${time.format(end)}`;
	}
	return `${formatDateTime(start, locale)} – ${formatDateTime(end, locale)}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const offsetFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: EVENT_TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** Wall-clock parts in Finnish time, as numbers. */
function finnishParts(date: Date) {
	const parts = Object.fromEntries(
		offsetFormat.formatToParts(date).map((part) => [part.type, part.value])
	);
	return {
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second)
	};
}

/** Milliseconds Finnish time is ahead of UTC at an instant (2 h in winter, 3 h in summer). */
function finnishOffset(date: Date): number {
	const p = finnishParts(date);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2026-12-10T10:00"), read as Finnish time, to an instant; null when it
 * is not a real date. Staff type event times as they are in Turku, whatever their own computer's
 * zone. In the spring-forward gap the clock time does not exist and is read with the winter offset
 * (03:30 → 04:30 summer time); in the autumn's repeated hour the earlier instant is taken.
 */
export function parseLocalEventTime(value: string): Date | null {
	const match = LOCAL_PATTERN.exec(value.trim());
	if (!match) return null;
	const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
	const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
	const back = new Date(wall);
	// Date.UTC rolls 31 February over into March; a real date survives the round trip.
	if (back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day!) return null;
	// Offsets from three hours before the guess and at it cover both sides of a DST change.
	const offsets = [finnishOffset(new Date(wall - 3_600_000 * 3)), finnishOffset(new Date(wall))];
	const candidates = offsets
		.map((offset) => wall - offset)
		.filter((instant) => instant + finnishOffset(new Date(instant)) === wall)
		.sort((a, b) => a - b);
	return new Date(candidates[0] ?? wall - offsets[0]!);
}

/** An instant as a `datetime-local` value in Finnish time, to fill a form with. */
export function formatLocalEventTime(date: Date): string {
	const p = finnishParts(date);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
