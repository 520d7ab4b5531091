import { and, or, sql, type SQL } from 'drizzle-orm';
import { registration } from '../db/schema';
import { byteOrder, foldMatchText, matchKey } from '../db/search-key';
import { normaliseQuery } from '../list/query';

export { normaliseQuery };

const MAX_TERMS = 4;

/** The typed text as a LIKE prefix: `%`, `_` and the escape character match themselves. */
function prefixPattern(text: string): string {
	return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function startsWith(expression: SQL, text: string): SQL {
	return sql`${expression} LIKE ${prefixPattern(text)}`;
}

/**
 * Phone numbers are stored in E.164 (+358401234567); people type them the Finnish way (040 123 4567)
 * or international. Each reading becomes a prefix of the stored form.
 */
export function phonePrefixes(text: string): string[] {
	if (!/^[+0-9][0-9 ()-]*$/.test(text)) return [];
	const digits = text.replace(/\D/g, '');
	if (digits.length < 3) return [];
	if (text.startsWith('+')) return [`+${digits}`];
	if (digits.startsWith('00')) return [`+${digits.slice(2)}`];
	if (digits.startsWith('0')) return [`+358${digits.slice(1)}`];
	return [`+${digits}`, `+358${digits}`];
}

/** Each typed word must start the first name or the last name. */
export function nameCondition(query: string): SQL | undefined {
	const terms = foldMatchText(query).split(' ').filter(Boolean).slice(0, MAX_TERMS);
	if (terms.length === 0) return undefined;
	return and(
		...terms.map((term) =>
			or(
				startsWith(matchKey(registration.lastName), term),
				startsWith(matchKey(registration.firstName), term)
			)
		)
	);
}

/**
 * What the attendee list's and the door's search box matches: the start of a first or last name,
 * of the email address (case and accents folded: "hamalainen" finds Hämäläinen) or of the phone
 * number. Prefixes only, so every branch is a range on an index of
 * (event, key) — see registrations.schema.ts — and the search stays fast with 10,000 registrants
 * without a trigram extension. Undefined for an empty query.
 */
export function attendeeSearchCondition(text: string): SQL | undefined {
	const query = normaliseQuery(text);
	if (!query) return undefined;
	const branches: (SQL | undefined)[] = [nameCondition(query)];
	if (!query.includes(' ')) {
		branches.push(startsWith(matchKey(registration.emailNormalised), foldMatchText(query)));
	}
	for (const prefix of phonePrefixes(query)) {
		branches.push(startsWith(byteOrder(registration.phone), prefix));
	}
	return or(...branches);
}

/** Door search needs three letters before it shows anyone, so a lone letter never lists a crowd. */
export const DOOR_MIN_LETTERS = 3;

export function hasEnoughLetters(query: string): boolean {
	return (query.match(/\p{L}/gu) ?? []).length >= DOOR_MIN_LETTERS;
}
