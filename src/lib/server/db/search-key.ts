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
