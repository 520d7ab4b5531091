import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Upper- and lower-case pairs of Latin-1 and Latin Extended-A (Ä, Ö, Å, Š, Ž, É, Ł …). lower()
 * follows the server's LC_CTYPE: under the C locale it folds ASCII only, under C.UTF-8 or fi_FI
 * everything. Translating these pairs as well makes "ÄIJÄLÄ" match "äijälä" on every server.
 */
function latinCasePairs(): { upper: string; lower: string } {
	let upper = '';
	let lower = '';
	for (let code = 0xc0; code <= 0x17f; code++) {
		const char = String.fromCharCode(code);
		const folded = char.toLowerCase();
		if (folded !== char && folded.length === 1) {
			upper += char;
			lower += folded;
		}
	}
	return { upper, lower };
}

const PAIRS = latinCasePairs();

/**
 * A case-folded name in byte order, the same on PGlite and on any PostgreSQL server. The C
 * collation keeps ordering independent of the server's locale and lets `LIKE 'prefix%'` use a
 * plain b-tree index (no extension needed). Indexes and queries must build it with this one function
 * so the planner recognises the expression.
 */
export function searchKey(column: AnyColumn): SQL<string> {
	return sql<string>`(translate(lower(${column}), ${sql.raw(`'${PAIRS.upper}'`)}, ${sql.raw(`'${PAIRS.lower}'`)}) COLLATE "C")`;
}

/** A column compared in byte order, so prefix LIKE can use its index on any server locale. */
export function byteOrder(column: AnyColumn): SQL {
	return sql`(${column} COLLATE "C")`;
}

/** The query side of searchKey: what the database's folding makes of typed text. */
export function foldSearchText(text: string): string {
	return text.normalize('NFC').toLowerCase();
}

/**
 * Latin-1 and Latin Extended-A letters in either case, and the lower-case base letter each folds to
 * for matching: Ä ä Å å → a, Ö ö → o, É é → e, Š š → s … A letter without a base of its own (Ø, Æ,
 * ß, Ł) folds its case only, as in searchKey.
 */
function latinFoldPairs(): { from: string; to: string; map: Map<string, string> } {
	let from = '';
	let to = '';
	const map = new Map<string, string>();
	for (let code = 0xc0; code <= 0x17f; code++) {
		const char = String.fromCharCode(code);
		const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
		const folded = base.length === 1 ? base : char.toLowerCase();
		if (folded !== char && folded.length === 1) {
			from += char;
			to += folded;
			map.set(char, folded);
		}
	}
	return { from, to, map };
}

const FOLDS = latinFoldPairs();

/**
 * What a staff search matches: the text with case and accents folded, so "hamalainen" finds
 * Hämäläinen and "ohman" Öhman, the same on PGlite and on any PostgreSQL server locale (translate
 * does the folding, not the locale). In byte order, so `LIKE 'prefix%'` uses a b-tree index built
 * with this same function. Lists still sort by searchKey, where ä and ö follow z as Finns expect.
 */
export function matchKey(column: AnyColumn): SQL<string> {
	return sql<string>`(translate(lower(${column}), ${sql.raw(`'${FOLDS.from}'`)}, ${sql.raw(`'${FOLDS.to}'`)}) COLLATE "C")`;
}

/** The query side of matchKey: typed text folded the way matchKey folds a column. */
export function foldMatchText(text: string): string {
	let folded = '';
	for (const char of text.normalize('NFC').toLowerCase()) folded += FOLDS.map.get(char) ?? char;
	return folded;
}
