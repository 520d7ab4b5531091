import { EVENT_TIME_ZONE } from '../../datetime';

const timeFormat = new Intl.DateTimeFormat('sv-SE', {
	timeZone: EVENT_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/**
 * "2026-05-14 09:30:12" in Finnish time. Seconds matter in a trail (which came first, a sign-in or
 * the export after it), and the form sorts and reads the same in both languages and in spreadsheets.
 */
export function auditTime(date: Date): string {
	return timeFormat.format(date);
}

function detailValue(value: unknown): string {
	if (value === null || value === undefined) return '–';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/**
 * Details as "key: value, key: value": short enough for a table cell and a CSV column, and details
 * hold only ids, counts and option names (audit/index.ts), so nothing here needs hiding.
 */
export function formatDetails(details: Record<string, unknown> | null | undefined): string {
	if (!details) return '';
	return Object.entries(details)
		.map(([key, value]) => `${key}: ${detailValue(value)}`)
		.join(', ');
}
