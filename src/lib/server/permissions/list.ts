import * as audit from '../audit';
import { emailPrefix, foldedTerms } from '../contacts/search-text';
import {
	pageInMemory,
	type CappedCount,
	type Cursor,
	type KeyKind,
	type KeysetPage,
	type KeyValue
} from '../list';
import type { Db } from '../db';
import { foldMatchText } from '../db/search-key';
import type { PersonDescription } from './person';
import { loadPeople, type PersonRecord } from './population';
import { anyProhibited, deriveState, type DerivedState } from './rules';

export type StateFilter = 'all' | 'may_email' | 'prohibited' | 'not_asked';
export const STATE_FILTERS: StateFilter[] = ['all', 'may_email', 'prohibited', 'not_asked'];

/** `personId` is the canonical key: pass it to historyOf and recordDecision. */
export interface PersonStateRow extends PersonDescription {
	/** Whether any decision was ever recorded ("not asked" otherwise). */
	asked: boolean;
	state: DerivedState;
}

export interface ListStatesInput {
	filter?: StateFilter;
	/** Name, organisation or email prefix, the way the contact register searches. */
	q?: string;
	/** The page to show (parseListQuery with PERMISSION_CURSOR_KINDS); none: the first. */
	cursor?: Cursor | null;
}

export interface PersonStatePage extends KeysetPage<PersonStateRow> {
	total: CappedCount;
}

/** The list's order as loadPeople sorts it: last name, first name (Finnish collation), key. */
export const PERMISSION_CURSOR_KINDS: KeyKind[] = ['text', 'text', 'id'];
const collator = new Intl.Collator('fi');
const keyOf = (row: PersonStateRow): KeyValue[] => [
	row.lastName ?? '',
	row.firstName ?? '',
	row.personId
];
function compareKeys(a: KeyValue[], b: KeyValue[]): number {
	return (
		collator.compare(String(a[0]), String(b[0])) ||
		collator.compare(String(a[1]), String(b[1])) ||
		String(a[2]).localeCompare(String(b[2]))
	);
}

function matcher(q: string | undefined): (p: PersonRecord) => boolean {
	const text = q?.replace(/\s+/g, ' ').trim().slice(0, 100) ?? '';
	if (!text) return () => true;
	const { terms } = foldedTerms(text);
	const email = emailPrefix(text);
	return (p) => {
		if (email && p.email && foldMatchText(p.email).startsWith(email)) return true;
		const words = [p.firstName, p.lastName, p.organisation]
			.flatMap((value) => foldMatchText(value ?? '').split(/[\s-]+/))
			.filter(Boolean);
		return terms.every((term) => words.some((word) => word.startsWith(term)));
	};
}

function keep(filter: StateFilter, asked: boolean, state: DerivedState): boolean {
	switch (filter) {
		case 'all':
			return true;
		case 'may_email':
			return state.email.mayMarket;
		case 'prohibited':
			return anyProhibited(state);
		case 'not_asked':
			return !asked;
	}
}

/**
 * /staff/permissions: one row per person (contacts, registrants and anyone with a ledger row) with
 * the state of each channel, filtered and a page at a time. The search text stays out of the audit
 * row: it is usually a name.
 */
export async function listStates(
	db: Db,
	actor: { id: string },
	input: ListStatesInput = {}
): Promise<PersonStatePage> {
	const filter = input.filter && STATE_FILTERS.includes(input.filter) ? input.filter : 'all';
	const matches = matcher(input.q);
	const rows: PersonStateRow[] = [];
	for (const p of await loadPeople(db)) {
		if (!matches(p)) continue;
		const state = deriveState(p.entries);
		const asked = p.entries.length > 0;
		if (!keep(filter, asked, state)) continue;
		rows.push({
			personId: p.personId,
			contactId: p.contactId,
			firstName: p.firstName,
			lastName: p.lastName,
			email: p.email,
			organisation: p.organisation,
			asked,
			state
		});
	}
	const page = pageInMemory(rows, keyOf, compareKeys, input.cursor ?? null);
	await audit.record(db, {
		action: 'permissions.listed',
		actor: { kind: 'staff', id: actor.id },
		count: rows.length,
		details: { filter, continued: input.cursor != null, searched: Boolean(input.q?.trim()) }
	});
	// Every row is in memory already: the count is exact and costs nothing.
	return { ...page, total: { count: rows.length, more: false } };
}
