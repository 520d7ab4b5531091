import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { marketingPermission, personAlias } from '../db/schema';
import { LEDGER_COLUMNS } from './ledger';
import { aliasResolver } from './population';
import { deriveState, type LedgerEntry } from './rules';

// Keys per ledger read: far below PostgreSQL's 65,535 parameters in one statement.
const KEY_BATCH = 1000;

/**
 * Which of the people may be sent email marketing now: stateOf's answer (the rows under all of
 * each person's keys, through the same rules) for a whole audience at once. The aliases are read
 * once and folded in memory, and the ledger in one read per thousand keys, instead of a few round
 * trips per person; a marketing send's preview and batches stay a handful of queries.
 */
export async function findMayMarketByEmail(db: Db | Tx, personIds: string[]): Promise<Set<string>> {
	if (personIds.length === 0) return new Set();
	const aliases = await db
		.select({ personId: personAlias.personId, canonicalId: personAlias.canonicalId })
		.from(personAlias);
	const resolve = aliasResolver(aliases);
	const wanted = new Set(personIds.map(resolve));
	// Every key that resolves to one of the asked people: their own, and the ones linked or merged in.
	const keys = new Set(wanted);
	for (const { personId } of aliases) if (wanted.has(resolve(personId))) keys.add(personId);

	const entries = new Map<string, LedgerEntry[]>();
	const all = [...keys];
	for (let i = 0; i < all.length; i += KEY_BATCH) {
		const rows = await db
			.select({ personId: marketingPermission.personId, ...LEDGER_COLUMNS })
			.from(marketingPermission)
			.where(inArray(marketingPermission.personId, all.slice(i, i + KEY_BATCH)));
		for (const { personId, ...entry } of rows) {
			const canonical = resolve(personId);
			entries.set(canonical, [...(entries.get(canonical) ?? []), entry]);
		}
	}
	const allowed = new Set(
		[...wanted].filter((canonical) => deriveState(entries.get(canonical) ?? []).email.mayMarket)
	);
	return new Set(personIds.filter((personId) => allowed.has(resolve(personId))));
}
