import { asc, desc } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { asLocale } from '../../locale';
import type { Db, Tx } from '../db';
import { marketingPermission, personAlias, registration } from '../db/schema';
import { LEDGER_COLUMNS } from './ledger';
import { contactEmail, selectLiveContacts, type PersonDescription } from './person';
import type { LedgerEntry } from './rules';

/** One human as the permission pages see them: every key folded into the canonical one. */
export interface PersonRecord extends PersonDescription {
	/** The language of their latest sign-up, for links made for them; Finnish otherwise. */
	locale: Locale;
	/** Every ledger row under any of their keys, oldest first. */
	entries: LedgerEntry[];
}

// The same bound as person/keys.ts: a corrupted cycle must not loop for ever.
const MAX_DEPTH = 16;

/** The key each key is known by now (as person/keys.ts resolvePerson), from the alias rows read once. */
export function aliasResolver(aliases: { personId: string; canonicalId: string }[]) {
	const next = new Map(aliases.map((a) => [a.personId, a.canonicalId]));
	const memo = new Map<string, string>();
	return (key: string): string => {
		const known = memo.get(key);
		if (known) return known;
		let current = key;
		for (let depth = 0; depth < MAX_DEPTH && next.has(current); depth++)
			current = next.get(current)!;
		memo.set(key, current);
		return current;
	};
}

/**
 * Everyone who has a ledger row, is a live contact or has signed up, with their derived-state
 * input. A handful of whole-table reads folded in memory instead of a query per person: 10,000
 * people are a few tens of milliseconds. Name and email come from the contact record when the
 * person is a contact (the register's own data), else from their latest registration.
 */
export async function loadPeople(db: Db | Tx): Promise<PersonRecord[]> {
	const [aliases, contacts, registrations, entries] = await Promise.all([
		db
			.select({ personId: personAlias.personId, canonicalId: personAlias.canonicalId })
			.from(personAlias),
		selectLiveContacts(db),
		db
			.selectDistinctOn([registration.personId], {
				personId: registration.personId,
				firstName: registration.firstName,
				lastName: registration.lastName,
				email: registration.email,
				locale: registration.locale,
				createdAt: registration.createdAt
			})
			.from(registration)
			.orderBy(registration.personId, desc(registration.createdAt), desc(registration.id)),
		db
			.select({ personId: marketingPermission.personId, ...LEDGER_COLUMNS })
			.from(marketingPermission)
			.orderBy(asc(marketingPermission.recordedAt))
	]);

	const resolve = aliasResolver(aliases);
	const people = new Map<string, PersonRecord>();
	const of = (key: string): PersonRecord => {
		const personId = resolve(key);
		let record = people.get(personId);
		if (!record) {
			record = {
				personId,
				contactId: null,
				firstName: null,
				lastName: null,
				email: null,
				organisation: null,
				locale: 'fi',
				entries: []
			};
			people.set(personId, record);
		}
		return record;
	};

	const latest = new Map<string, Date>();
	for (const reg of registrations) {
		const record = of(reg.personId);
		const seen = latest.get(record.personId);
		if (seen && seen >= reg.createdAt) continue;
		latest.set(record.personId, reg.createdAt);
		record.firstName = reg.firstName;
		record.lastName = reg.lastName;
		record.email = reg.email;
		record.locale = asLocale(reg.locale);
	}
	for (const contact of contacts) {
		const record = of(contact.personId);
		record.contactId = contact.id;
		record.firstName = contact.firstName;
		record.lastName = contact.lastName;
		record.email = contactEmail(contact, record.email);
		record.organisation = contact.organisation;
	}
	for (const { personId, ...entry } of entries) of(personId).entries.push(entry);

	const collator = new Intl.Collator('fi');
	return [...people.values()].sort(
		(a, b) =>
			collator.compare(a.lastName ?? '', b.lastName ?? '') ||
			collator.compare(a.firstName ?? '', b.firstName ?? '') ||
			a.personId.localeCompare(b.personId)
	);
}
