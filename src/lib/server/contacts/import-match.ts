/**
 * Matching the rows of an import file to the register and to the rows above them: the records a
 * plan works on, found by y-tunnus, name or email through indexes (a file of thousands of rows must
 * not scan the register once per row), and how a row's values merge into them.
 */
import { normaliseEmail } from '../person/email';
import type { ImportColumn } from './import-csv';
import { foldName, type ContactValues, type OrganisationValues } from './import-check';

/** Whether two values count as the same: names and emails ignore case, the rest must be equal. */
export function same(field: ImportColumn, a: string | null, b: string | null): boolean {
	if (a === null || b === null) return a === b;
	if (field === 'name' || field === 'contactFirstName' || field === 'contactLastName') {
		return foldName(a) === foldName(b);
	}
	if (field === 'email' || field === 'contactEmail') return normaliseEmail(a) === normaliseEmail(b);
	return a === b;
}

/** Whether the register needs writing: names are written in the file's spelling. */
function differs(field: ImportColumn, stored: string | null, given: string): boolean {
	if (field === 'email' || field === 'contactEmail') return !same(field, stored, given);
	return stored !== given;
}

export interface Tracked<V> {
	/** Values in the register; null for a record the file creates. */
	origin: V | null;
	current: V;
	/** Which row of the file gave a field its value: a later row may not give another. */
	setBy: Partial<Record<keyof V, number>>;
	archived: boolean;
}

export interface WorkContact extends Tracked<ContactValues> {
	id: string | null;
}

/**
 * Records by a key that may change as rows fill them in (a y-tunnus given to an organisation found
 * by name, a contact's new email): a file of thousands of rows must not scan the register per row.
 */
class Buckets<T> {
	private readonly buckets = new Map<string, T[]>();
	private readonly keys = new Map<T, string | null>();

	constructor(private readonly keyOf: (item: T) => string | null) {}

	add(item: T) {
		const key = this.keyOf(item);
		this.keys.set(item, key);
		if (key === null) return;
		const bucket = this.buckets.get(key);
		if (bucket) bucket.push(item);
		else this.buckets.set(key, [item]);
	}

	/** After the item's values changed. */
	update(item: T) {
		const before = this.keys.get(item) ?? null;
		if (before === this.keyOf(item)) return;
		if (before !== null) {
			const bucket = this.buckets.get(before) ?? [];
			bucket.splice(bucket.indexOf(item), 1);
		}
		this.add(item);
	}

	get(key: string): T[] {
		return this.buckets.get(key) ?? [];
	}
}

const emailKey = (contact: WorkContact) =>
	contact.current.contactEmail ? normaliseEmail(contact.current.contactEmail) : null;
const nameKey = (values: ContactValues) =>
	`${foldName(values.contactFirstName)}\u0000${foldName(values.contactLastName)}`;

/** An organisation's contacts, in order, found by email and by name. */
export class Contacts {
	readonly all: WorkContact[] = [];
	readonly byEmail = new Buckets<WorkContact>(emailKey);
	readonly byName = new Buckets<WorkContact>((contact) => nameKey(contact.current));

	add(contact: WorkContact) {
		this.all.push(contact);
		this.byEmail.add(contact);
		this.byName.add(contact);
	}

	changed(contact: WorkContact) {
		this.byEmail.update(contact);
		this.byName.update(contact);
	}
}

export interface WorkOrganisation extends Tracked<OrganisationValues> {
	ref: number;
	id: string | null;
	contacts: Contacts;
}

/** The register's organisations and those the file creates, in order, by y-tunnus and by name. */
export class Organisations {
	readonly all: WorkOrganisation[] = [];
	readonly byBusinessId = new Buckets<WorkOrganisation>((org) => org.current.businessId);
	readonly byName = new Buckets<WorkOrganisation>((org) => foldName(org.current.name));

	add(org: WorkOrganisation) {
		this.all.push(org);
		this.byBusinessId.add(org);
		this.byName.add(org);
	}

	changed(org: WorkOrganisation) {
		this.byBusinessId.update(org);
		this.byName.update(org);
	}
}

export type Found<T> = { kind: 'none' } | { kind: 'ambiguous' } | { kind: 'found'; item: T };

function one<T>(items: T[]): Found<T> | null {
	if (items.length === 1) return { kind: 'found', item: items[0]! };
	return items.length > 1 ? { kind: 'ambiguous' } : null;
}

/**
 * By y-tunnus when the row has one; else, and when no organisation has it yet, by name among
 * organisations without one (the row then gives them theirs). A row without a y-tunnus also finds
 * the one organisation of its name that has a y-tunnus, rather than creating a second.
 */
export function findOrganisation(
	organisations: Organisations,
	given: OrganisationValues
): Found<WorkOrganisation> {
	if (given.businessId) {
		const [byId] = organisations.byBusinessId.get(given.businessId);
		if (byId) return { kind: 'found', item: byId };
	}
	const named = organisations.byName.get(foldName(given.name));
	const found = one(named.filter((org) => org.current.businessId === null));
	if (found) return found;
	if (!given.businessId) return one(named) ?? { kind: 'none' };
	return { kind: 'none' };
}

/**
 * By email within the organisation; a row without one, by name. A row with an email matches a
 * namesake only when the register has no email for them: another address means another person.
 */
export function findContact(contacts: Contacts, given: ContactValues): Found<WorkContact> {
	const email = given.contactEmail ? normaliseEmail(given.contactEmail) : null;
	if (email) {
		const byEmail = one(contacts.byEmail.get(email));
		if (byEmail) return byEmail;
	}
	const named = contacts.byName
		.get(nameKey(given))
		.filter((c) => !email || c.current.contactEmail === null);
	return one(named) ?? { kind: 'none' };
}

export type Merge<V> =
	| { ok: true; claimed: (keyof V)[]; changes: Partial<V>; changed: (keyof V & ImportColumn)[] }
	| { ok: false; columns: (keyof V & ImportColumn)[]; otherRow: number };

/**
 * A row's values over a tracked record: the fields it claims (so that a later row may not give
 * them another value) and those it changes, or the fields an earlier row already set otherwise.
 */
export function merge<V extends Record<string, string | null>, K extends keyof V & ImportColumn>(
	tracked: Tracked<V>,
	given: V,
	fields: readonly K[]
): Merge<V> {
	const claimed: (keyof V)[] = [];
	const changes: Partial<V> = {};
	const changed: (keyof V & ImportColumn)[] = [];
	const conflicts: (keyof V & ImportColumn)[] = [];
	let otherRow = Infinity;
	for (const field of fields) {
		const value = given[field] as string | null;
		if (value === null) continue;
		const current = tracked.current[field] as string | null;
		const earlier = tracked.setBy[field];
		if (earlier !== undefined) {
			if (same(field, current, value)) continue;
			conflicts.push(field);
			otherRow = Math.min(otherRow, earlier);
			continue;
		}
		claimed.push(field);
		if (differs(field, current, value)) {
			changes[field] = given[field];
			changed.push(field);
		}
	}
	return conflicts.length > 0
		? { ok: false, columns: conflicts, otherRow }
		: { ok: true, claimed, changes, changed };
}

/** A new record: every value the row gives is its own. */
export function created<V extends Record<string, string | null>>(given: V): Merge<V> {
	const claimed = (Object.keys(given) as (keyof V)[]).filter((field) => given[field] !== null);
	return { ok: true, claimed, changes: {}, changed: [] };
}

export function apply<V>(tracked: Tracked<V>, merged: Merge<V>, row: number) {
	if (!merged.ok) return;
	for (const field of merged.claimed) tracked.setBy[field] = row;
	for (const field of Object.keys(merged.changes) as (keyof V)[]) {
		tracked.current[field] = merged.changes[field] as V[keyof V];
	}
}
