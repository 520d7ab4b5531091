import { sql, type SQL } from 'drizzle-orm';
import { foldMatchText } from '../db/search-key';
import { normaliseQuery, phonePrefixes } from '../attendees/search';

export { normaliseQuery, phonePrefixes };

/** Lists of the register show this many rows a page. */
export const PAGE_SIZE = 50;
const MAX_TERMS = 4;

/** The typed text as a LIKE prefix: `%`, `_` and the escape character match themselves. */
function prefixPattern(text: string): string {
	return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `expression LIKE 'text%'`: with `expression` built by matchKey() or byteOrder(), a range on a
 * b-tree index of the same expression, on PGlite and on any PostgreSQL server locale.
 */
export function startsWith(expression: SQL, text: string): SQL {
	return sql`${expression} LIKE ${prefixPattern(text)}`;
}

/** The query folded as matchKey() folds names, and its first few words. */
export function foldedTerms(query: string): { folded: string; terms: string[] } {
	const folded = foldMatchText(query);
	return { folded, terms: folded.split(' ').filter(Boolean).slice(0, MAX_TERMS) };
}

/** A single word without spaces can be the start of an email address (matched by matchKey). */
export function emailPrefix(query: string): string | null {
	return query && !query.includes(' ') ? foldMatchText(query) : null;
}

export interface Page<Row> {
	rows: Row[];
	total: number;
	/** 1-based, clamped to the pages there are. */
	page: number;
	pageSize: number;
	pageCount: number;
}

/** The page to show for a requested one: anything out of range or not a number becomes the nearest. */
export function pageWindow(requested: number | undefined, total: number) {
	const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const wanted = requested !== undefined && Number.isFinite(requested) ? Math.trunc(requested) : 1;
	const page = Math.min(pageCount, Math.max(1, wanted));
	return { page, pageCount, pageSize: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}
