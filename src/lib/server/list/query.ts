import { SEARCH_PARAM } from '../../components/list/params';
import { decodeCursor, type Cursor, type KeyKind } from './cursor';

/** Longer input is cut here: nobody types more, and every word becomes part of the query. */
export const MAX_QUERY_LENGTH = 100;

/** Typed search text, trimmed, with runs of white space collapsed; '' when there is none. */
export function normaliseQuery(text: string | null | undefined): string {
	return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/** A list's filters: each parameter's allowed values, the first being the default. */
export type FilterSpec = Record<string, readonly [string, ...string[]]>;

export type Filters<Spec extends FilterSpec> = { [Name in keyof Spec]: Spec[Name][number] };

export interface ListQuery<Spec extends FilterSpec> {
	/** The search text, normalised; '' for none. */
	q: string;
	/** Every filter, an allowed value or its default. */
	filters: Filters<Spec>;
	/** The page to show: null for the first. */
	cursor: Cursor | null;
}

/**
 * A staff list's state from its URL: `q`, the list's own filters (`?status=waitlisted`, a checkbox
 * as `?archived=1` with values `['', '1']`) and a keyset cursor (`?after=` or `?before=`). Strict:
 * an unknown filter value becomes the default and a cursor that does not fit `keys` (the kinds of
 * the list's sort keys, or a function of the filters when the order is one of them) shows the first
 * page, so no hand-edited link can make the page fail.
 */
export function parseListQuery<Spec extends FilterSpec>(
	params: URLSearchParams,
	spec: Spec,
	keys: readonly KeyKind[] | ((filters: Filters<Spec>) => readonly KeyKind[])
): ListQuery<Spec> {
	const filters = {} as Record<string, string>;
	for (const [name, allowed] of Object.entries(spec)) {
		const value = params.get(name) ?? '';
		filters[name] = allowed.includes(value) ? value : allowed[0];
	}
	const parsed = filters as Filters<Spec>;
	return {
		q: normaliseQuery(params.get(SEARCH_PARAM)),
		filters: parsed,
		cursor: decodeCursor(params, typeof keys === 'function' ? keys(parsed) : keys)
	};
}
