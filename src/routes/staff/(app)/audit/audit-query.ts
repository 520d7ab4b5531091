import { parseLocalEventTime } from '$lib/datetime';

/**
 * The audit page's filters live in the URL, as the attendee list's do: the form works without
 * JavaScript, a reload keeps the view, and the export link carries exactly what is shown. The page's
 * keyset cursor (`?after=`, `?before=`) is read on the server (+page.server.ts): this module is
 * shared with the browser, and a cursor means nothing there. Values
 * that cannot be right (a malformed date or id) are dropped rather than refused: a GET filter has
 * nothing to correct, and the admin sees the field come back empty.
 */
export interface AuditQuery {
	person: string;
	/** A staff user id, or '' for anyone. */
	actor: string;
	/** An action name or a family prefix ending in '.', or ''. */
	action: string;
	/** Days as the date inputs send them, 'YYYY-MM-DD', or ''. */
	from: string;
	to: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Action names are `<subject>.<past participle>` in lower case (audit/index.ts).
const ACTION = /^[a-z0-9_]+\.([a-z0-9_]+)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// The longest email address SMTP carries; anything longer is no person's.
const PERSON_MAX = 254;

/** The instant a Finnish day starts, or null for a date that does not exist. */
function dayStart(day: string): Date | null {
	return DAY.test(day) ? parseLocalEventTime(`${day}T00:00`) : null;
}

/** The day after, as 'YYYY-MM-DD' (calendar arithmetic, so no daylight-saving hour is lost). */
function nextDay(day: string): string {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(Date.UTC(year!, month! - 1, date! + 1)).toISOString().slice(0, 10);
}

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
	const actor = params.get('actor') ?? '';
	const action = params.get('action') ?? '';
	const from = params.get('from') ?? '';
	const to = params.get('to') ?? '';
	return {
		person: (params.get('person') ?? '').trim().slice(0, PERSON_MAX),
		actor: UUID.test(actor) ? actor.toLowerCase() : '',
		action: ACTION.test(action) ? action : '',
		from: dayStart(from) ? from : '',
		to: dayStart(to) ? to : ''
	};
}

/** The domain's filter: Finnish days become instants, the `to` day counted in full. */
export function toAuditFilter(query: AuditQuery) {
	return {
		person: query.person || undefined,
		actorId: query.actor || undefined,
		action: query.action || undefined,
		from: (query.from && dayStart(query.from)) || undefined,
		to: (query.to && dayStart(nextDay(query.to))) || undefined
	};
}

/** The query string for a filter state, leaving out empty fields so plain links stay plain. */
export function auditSearch(query: AuditQuery): string {
	const params = new URLSearchParams();
	for (const key of ['person', 'actor', 'action', 'from', 'to'] as const) {
		if (query[key]) params.set(key, query[key]);
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}
