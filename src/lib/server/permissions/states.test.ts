import { describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { marketingPermission, personAlias } from '../db/schema';
import { openStaffScene } from '$tests/scene';
import { makePeople } from '$tests/permissions';
import { DATABASE_KINDS } from '$tests/databases';
import { stateOf } from './ledger';
import { findMayMarketByEmail } from './states';

type Row = Omit<typeof marketingPermission.$inferInsert, 'personId' | 'recordedAt'> & {
	/** Minutes after the start of the history. */
	at: number;
	/** Recorded under the person's n-th key (0: their canonical key). */
	key?: number;
};

const T0 = Date.parse('2026-01-01T10:00:00Z');
const byPerson = { source: 'link' as const, recordedByPerson: true };
const grant = { ...byPerson, decision: 'granted' as const, basis: 'consent' as const };

/** Every kind of ledger history the rules tell apart, each for one person. */
const HISTORIES: Record<string, Row[]> = {
	'never asked': [],
	'granted by consent': [{ ...grant, channel: 'email', at: 0 }],
	'granted on another channel only': [{ ...grant, channel: 'sms', at: 0 }],
	'work role with a justification': [
		{ ...grant, channel: 'email', basis: 'work_role', note: 'Buyer', source: 'staff', at: 0 }
	],
	'granted, then withdrawn': [
		{ ...grant, channel: 'email', at: 0 },
		{ ...byPerson, channel: 'email', decision: 'withdrawn', at: 1 }
	],
	'withdrawn, then granted again': [
		{ ...byPerson, channel: 'email', decision: 'withdrawn', at: 0 },
		{ ...grant, channel: 'email', at: 1 }
	],
	'granted, then prohibited on email': [
		{ ...grant, channel: 'email', at: 0 },
		{ ...byPerson, channel: 'email', decision: 'prohibited', at: 1 }
	],
	'granted, then prohibited on all': [
		{ ...grant, channel: 'email', at: 0 },
		{ ...byPerson, channel: 'all', decision: 'prohibited', at: 1 }
	],
	'prohibited, then their own grant by link': [
		{ ...byPerson, channel: 'all', decision: 'prohibited', at: 0 },
		{ ...grant, channel: 'email', at: 1 }
	],
	'prohibited, then a staff grant': [
		{ ...byPerson, channel: 'email', decision: 'prohibited', at: 0 },
		{ ...grant, channel: 'email', source: 'staff', note: 'phone', recordedByPerson: false, at: 1 }
	],
	'prohibited, then a later withdrawal': [
		{ ...byPerson, channel: 'email', decision: 'prohibited', at: 0 },
		{ ...byPerson, channel: 'email', decision: 'withdrawn', at: 1 }
	],
	'grant and withdrawal at the same instant': [
		{ ...grant, channel: 'email', at: 0 },
		{ ...byPerson, channel: 'email', decision: 'withdrawn', at: 0 }
	],
	'granted under an old key, linked since': [{ ...grant, channel: 'email', at: 0, key: 1 }],
	'granted, prohibited under a merged key': [
		{ ...grant, channel: 'email', at: 0 },
		{ ...byPerson, channel: 'all', decision: 'prohibited', at: 1, key: 2 }
	]
};

describe.each(DATABASE_KINDS)('email marketing for many people on %s', (kind) => {
	let database: Database;
	openStaffScene(kind, (scene) => ({ database } = scene));

	it('agrees with stateOf for every kind of ledger history, asked by any of their keys', async () => {
		const asked: string[] = [];
		for (const rows of Object.values(HISTORIES)) {
			// Three keys: the canonical one, a registrant linked to it, one merged into that registrant.
			const [canonical, linked, merged] = await makePeople(database.db, 3);
			await database.db.insert(personAlias).values([
				{ personId: linked!, canonicalId: canonical!, reason: 'link' },
				{ personId: merged!, canonicalId: linked!, reason: 'merge' }
			]);
			const keys = [canonical!, linked!, merged!];
			if (rows.length > 0) {
				await database.db.insert(marketingPermission).values(
					rows.map(({ at, key = 0, ...row }) => ({
						...row,
						personId: keys[key]!,
						recordedAt: new Date(T0 + at * 60_000)
					}))
				);
			}
			asked.push(...keys);
		}
		const [stranger] = await makePeople(database.db, 1);
		asked.push(stranger!);

		const allowed = await findMayMarketByEmail(database.db, asked);
		const expected = new Set<string>();
		for (const personId of asked) {
			if ((await stateOf(database.db, personId)).email.mayMarket) expected.add(personId);
		}
		expect([...allowed].sort()).toEqual([...expected].sort());
		// The histories do tell people apart: some may be mailed, most may not.
		expect(expected.size).toBe(5 * 3);
		expect(await findMayMarketByEmail(database.db, [])).toEqual(new Set());
	});
});
