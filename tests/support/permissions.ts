/**
 * Test data for the permission tests: a seeded random source (so a failing sequence can be
 * replayed), random decision sequences, and people written straight into the tables.
 */
import type { Db } from '../../src/lib/server/db';
import {
	contactPerson,
	marketingPermission,
	person,
	registration,
	type Event,
	type MarketingChannel,
	type MarketingDecision,
	type NewMarketingPermission
} from '../../src/lib/server/db/schema';
import type { LedgerEntry } from '../../src/lib/server/permissions/rules';

/** mulberry32: small, fast and good enough to drive property tests reproducibly. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)]!;
}

export function shuffle<T>(random: () => number, items: readonly T[]): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}
	return copy;
}

const CHANNELS: MarketingChannel[] = ['email', 'sms', 'phone', 'post', 'all'];
const DECISIONS: MarketingDecision[] = ['granted', 'withdrawn', 'prohibited'];
const NOTES = [null, '', '  ', 'asked by phone'];

/**
 * Up to 12 decisions at distinct times, in a random order. Grants on 'all' are left out, as the
 * database refuses them; everything else, including an unjustified work-role grant, may occur.
 */
export function randomEntries(random: () => number, start: number, max = 12): LedgerEntry[] {
	const count = Math.floor(random() * (max + 1));
	const minutes = shuffle(
		random,
		Array.from({ length: count * 3 }, (_, i) => i)
	).slice(0, count);
	return minutes.map((minute) => {
		const channel = pick(random, CHANNELS);
		const decision = channel === 'all' ? pick(random, DECISIONS.slice(1)) : pick(random, DECISIONS);
		const basis = decision === 'granted' ? pick(random, ['consent', 'work_role'] as const) : null;
		const note = pick(random, NOTES);
		return {
			channel,
			decision,
			basis,
			source: pick(random, ['form', 'manage', 'link', 'staff', 'import'] as const),
			// The database demands a note for work-role grants; the rules must cope without one.
			note: basis === 'work_role' && random() < 0.7 ? 'buys trucks for the fleet' : note,
			recordedByPerson: random() < 0.5,
			recordedAt: new Date(start + minute * 60_000)
		};
	});
}

/** Ledger rows as the database accepts them (a work-role grant always carries its justification). */
export function storable(entry: LedgerEntry, personId: string): NewMarketingPermission {
	const note =
		entry.basis === 'work_role' && !entry.note?.trim() ? 'buys trucks for the fleet' : entry.note;
	return {
		personId,
		channel: entry.channel,
		decision: entry.decision,
		basis: entry.basis,
		source: entry.source,
		note,
		recordedByPerson: entry.recordedByPerson,
		recordedAt: entry.recordedAt
	};
}

export async function insertEntries(db: Db, rows: NewMarketingPermission[]) {
	for (let i = 0; i < rows.length; i += 500) {
		await db.insert(marketingPermission).values(rows.slice(i, i + 500));
	}
}

export async function makePeople(db: Db, count: number): Promise<string[]> {
	const rows = await db
		.insert(person)
		.values(Array.from({ length: count }, () => ({})))
		.returning({ id: person.id });
	return rows.map((row) => row.id);
}

let counter = 0;

/** A registrant under their own person key, as a sign-up would leave them. */
export async function makeRegistrant(
	db: Db,
	ev: Event,
	values: { personId?: string; firstName?: string; lastName?: string; email?: string } = {}
) {
	counter++;
	const personId = values.personId ?? (await makePeople(db, 1))[0]!;
	const email =
		values.email ?? `registrant.${counter}.${Math.random().toString(36).slice(2)}@example.fi`;
	const [row] = await db
		.insert(registration)
		.values({
			eventId: ev.id,
			personId,
			firstName: values.firstName ?? 'Reija',
			lastName: values.lastName ?? `Rekisteröity ${counter}`,
			email,
			emailNormalised: email.toLowerCase(),
			locale: 'fi',
			status: 'confirmed',
			noticeVersion: 'test',
			purgeAfter: new Date(ev.endsAt.getTime() + 86_400_000)
		})
		.returning();
	return row!;
}

export async function makeContact(
	db: Db,
	values: { firstName?: string; lastName?: string; email?: string | null } = {}
) {
	counter++;
	const personId = (await makePeople(db, 1))[0]!;
	const email = values.email === undefined ? `contact.${counter}@yritys.fi` : values.email;
	const [row] = await db
		.insert(contactPerson)
		.values({
			personId,
			firstName: values.firstName ?? 'Kalle',
			lastName: values.lastName ?? `Kontakti ${counter}`,
			email,
			emailNormalised: email?.toLowerCase() ?? null,
			source: 'manual',
			basis: 'customer_relationship'
		})
		.returning();
	return row!;
}
