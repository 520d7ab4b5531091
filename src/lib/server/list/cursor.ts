import { AFTER_PARAM, BEFORE_PARAM } from '../../components/list/params';

/** The kinds of value a sort key holds; each is checked when a cursor comes back in a URL. */
export type KeyKind = 'text' | 'int' | 'time' | 'id';
export type KeyValue = string | number;

export interface Cursor {
	/** `after`: the rows that follow this key; `before`: the rows that precede it. */
	direction: 'after' | 'before';
	values: KeyValue[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// ISO 8601 in UTC to the microsecond, as keyset.ts's timeKey writes it: PostgreSQL keeps
// microseconds, and a key cut to milliseconds would show a row again on the next page.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A sort key is a name or a short code: longer text is no cursor this app wrote. */
const MAX_TEXT = 500;
const MAX_TOKEN = 2000;

/**
 * A row's sort key as the opaque URL text of a cursor: base64url of a JSON array. Opaque so that
 * nobody edits it by hand expecting page numbers; readable back only through decodeCursor.
 */
export function encodeCursor(values: KeyValue[]): string {
	return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function valid(value: unknown, kind: KeyKind): value is KeyValue {
	switch (kind) {
		case 'text':
			return typeof value === 'string' && value.length <= MAX_TEXT;
		case 'int':
			return typeof value === 'number' && Number.isSafeInteger(value);
		case 'time':
			return typeof value === 'string' && ISO_TIME.test(value) && !isNaN(Date.parse(value));
		case 'id':
			return typeof value === 'string' && UUID.test(value);
	}
}

/**
 * The cursor in a URL's `after` or `before` parameter, checked against the kinds of the list's sort
 * keys; null for none, or for anything else (a truncated link, a hand-edited one, a cursor of
 * another sort order), which then shows the first page rather than an error.
 */
export function decodeCursor(params: URLSearchParams, kinds: readonly KeyKind[]): Cursor | null {
	const after = params.get(AFTER_PARAM);
	const before = params.get(BEFORE_PARAM);
	// Both at once is no link this app wrote.
	if ((after === null) === (before === null)) return null;
	const token = (after ?? before)!;
	if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
	let values: unknown;
	try {
		values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	if (!Array.isArray(values) || values.length !== kinds.length) return null;
	if (!values.every((value, i) => valid(value, kinds[i]!))) return null;
	return { direction: after !== null ? 'after' : 'before', values: values as KeyValue[] };
}
