import { z } from 'zod';
import { parseLocalEventTime } from '../datetime';
import { oneLine, multiLine } from './text';
import { parseWholeNumber } from '../whole-number';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Field errors are message keys; the copy page translates them. */
export type CopyErrorKey =
	| 'required'
	| 'dateInvalid'
	| 'endsBeforeStart'
	| 'inPast'
	| 'duplicate'
	| 'tooMany'
	| 'numberInvalid';

/** A year of weekly dates; more is a mistake more often than a plan (the domain says it again). */
export const MAX_SERIES_DATES = 52;

// datetime-local inputs send "2026-12-10T10:00"; the time is Finnish whatever the browser's zone.
const time = z
	.string()
	.overwrite(oneLine)
	.trim()
	.min(1, 'required')
	.refine((value) => parseLocalEventTime(value) !== null, 'dateInvalid');

/** "Copy with new times": a start and an end, like the event form's. */
export const copyEventSchema = z
	.object({ startsAt: time, endsAt: time })
	.superRefine((data, ctx) => {
		const startsAt = parseLocalEventTime(data.startsAt);
		const endsAt = parseLocalEventTime(data.endsAt);
		if (startsAt && endsAt && endsAt <= startsAt) {
			ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsBeforeStart' });
		}
	});

export type CopyEventData = z.infer<typeof copyEventSchema>;

export const SERIES_MODES = ['interval', 'dates'] as const;
export const SERIES_UNITS = ['weeks', 'days'] as const;

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// Staff in Finland write 16.3.2027; a date picker or a pasted list may give 2027-03-16.
const FINNISH_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** A typed day as "YYYY-MM-DD", or null when it is no day at all (31.2.2027 included). */
export function readDay(value: string): string | null {
	const iso = ISO_DAY.exec(value);
	const fi = FINNISH_DAY.exec(value);
	const [year, month, day] = iso
		? [iso[1], iso[2], iso[3]]
		: fi
			? [fi[3], fi[2], fi[1]]
			: [null, null, null];
	if (!year || !month || !day) return null;
	const text = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
	const parsed = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text
		? text
		: null;
}

/** The days of a typed list: one a line, or separated by commas, semicolons or spaces. */
export function splitDays(list: string): string[] {
	return list.split(/[\s,;]+/).filter(Boolean);
}

/**
 * "Repeat": every N days or weeks from a first day, K times; or a list of days. The fields of the
 * mode not chosen are not checked, so switching modes never blocks on a field out of sight.
 */
export const seriesSchema = z
	.object({
		mode: z.enum(SERIES_MODES).default('interval'),
		from: z.string().overwrite(oneLine).trim().default(''),
		every: z.string().trim().default('1'),
		unit: z.enum(SERIES_UNITS).default('weeks'),
		count: z.string().trim().default('4'),
		dates: z.string().overwrite(multiLine).trim().max(2_000).default(''),
		publish: z.boolean().default(false)
	})
	.superRefine((data, ctx) => {
		const problem = (path: string, message: CopyErrorKey) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (data.mode === 'interval') {
			if (data.from === '') problem('from', 'required');
			else if (!readDay(data.from)) problem('from', 'dateInvalid');
			const number = (path: 'every' | 'count', max: number) => {
				const value = parseWholeNumber(data[path]);
				if (data[path] === '') problem(path, 'required');
				else if (value === null || value < 1 || value > max) problem(path, 'numberInvalid');
			};
			number('every', 52);
			number('count', MAX_SERIES_DATES);
			return;
		}
		const days = splitDays(data.dates);
		if (days.length === 0) problem('dates', 'required');
		else if (days.length > MAX_SERIES_DATES) problem('dates', 'tooMany');
		else if (days.some((day) => !readDay(day))) problem('dates', 'dateInvalid');
	});

export type SeriesData = z.infer<typeof seriesSchema>;

/** The days a repeat names: a rule or a list, each day as "YYYY-MM-DD" (null: no such day). */
export type DatePlan =
	| { kind: 'interval'; from: string; every: number; unit: 'days' | 'weeks'; count: number }
	| { kind: 'dates'; dates: string[] };

/** Valid form data as the domain takes it. */
export function toDatePlan(data: SeriesData): DatePlan {
	if (data.mode === 'dates') {
		return { kind: 'dates', dates: splitDays(data.dates).map((day) => readDay(day) ?? day) };
	}
	return {
		kind: 'interval',
		from: readDay(data.from) ?? data.from,
		every: parseWholeNumber(data.every) ?? 1,
		unit: data.unit,
		count: parseWholeNumber(data.count) ?? 1
	};
}
