import { asc, desc, eq, inArray } from 'drizzle-orm';
import * as audit from '../audit';
import { personKeysOf, resolvePerson } from '../person/keys';
import type { Db, Tx } from '../db';
import {
	marketingPermission,
	person,
	staffUser,
	wording,
	type MarketingBasis,
	type MarketingChannel,
	type MarketingDecision,
	type MarketingSource
} from '../db/schema';
import { deriveState, type DerivedState, type LedgerEntry } from './rules';

export type RecordedBy = { kind: 'staff'; id: string } | { kind: 'person' };

export interface DecisionInput {
	/** The key the decision is made under (a registration's, a contact's); stored as given. */
	personId: string;
	channel: MarketingChannel;
	decision: MarketingDecision;
	/** Only for grants; defaults to consent. */
	basis?: MarketingBasis;
	source: MarketingSource;
	wordingId?: string;
	/** Required for staff entries (how it was given) and for a work-role grant (why it is about their work). */
	note?: string;
	recordedBy: RecordedBy;
}

export type DecisionRefusal =
	/** A grant where a prohibition stands, not made by the person through their own consent link. */
	| 'prohibited'
	/** A work-role grant without a written justification. */
	| 'justification_required'
	/** A staff entry without a note saying how the decision was given. */
	| 'note_required'
	/** A grant on 'all': consent is given channel by channel. */
	| 'channel_required';

export type DecisionResult = { ok: true; id: string } | { ok: false; reason: DecisionRefusal };

function refusal(input: DecisionInput): DecisionRefusal | null {
	const note = input.note?.trim();
	if (input.decision === 'granted') {
		if (input.channel === 'all') return 'channel_required';
		if (input.basis === 'work_role' && !note) return 'justification_required';
	}
	if (input.source === 'staff' && !note) return 'note_required';
	return null;
}

/** A ledger row as the rules read it; every read of the ledger selects at least these. */
export const LEDGER_COLUMNS = {
	id: marketingPermission.id,
	channel: marketingPermission.channel,
	decision: marketingPermission.decision,
	basis: marketingPermission.basis,
	source: marketingPermission.source,
	note: marketingPermission.note,
	recordedByPerson: marketingPermission.recordedByPerson,
	recordedAt: marketingPermission.recordedAt
};

/** Every ledger row under any of the given keys, oldest first. */
export async function entriesFor(db: Db | Tx, keys: string[]): Promise<LedgerEntry[]> {
	return db
		.select(LEDGER_COLUMNS)
		.from(marketingPermission)
		.where(inArray(marketingPermission.personId, keys))
		.orderBy(asc(marketingPermission.recordedAt));
}

/** The person's state on every channel, from the rows under all of their keys. */
export async function stateOf(db: Db | Tx, personId: string): Promise<DerivedState> {
	const keys = await personKeysOf(db, await resolvePerson(db, personId));
	return deriveState(await entriesFor(db, keys));
}

/**
 * Appends one decision, after the checks the law and the notice ask for, with its audit row in the
 * same transaction. On a `Tx` it joins the caller's transaction (as a savepoint).
 */
export async function recordDecision(db: Db | Tx, input: DecisionInput): Promise<DecisionResult> {
	const refused = refusal(input);
	if (refused) return { ok: false, reason: refused };
	return (db as Db).transaction(async (tx): Promise<DecisionResult> => {
		const canonical = await resolvePerson(tx, input.personId);
		// Serialises decisions about one person, so a grant cannot slip past a prohibition that is
		// being recorded at the same moment.
		await tx.select({ id: person.id }).from(person).where(eq(person.id, canonical)).for('update');
		if (input.decision === 'granted') {
			const state = deriveState(await entriesFor(tx, await personKeysOf(tx, canonical)));
			const ownLink = input.recordedBy.kind === 'person' && input.source === 'link';
			if (input.channel !== 'all' && state[input.channel].decision === 'prohibited' && !ownLink) {
				return { ok: false, reason: 'prohibited' };
			}
		}
		const basis = input.decision === 'granted' ? (input.basis ?? 'consent') : null;
		const [row] = await tx
			.insert(marketingPermission)
			.values({
				personId: input.personId,
				channel: input.channel,
				decision: input.decision,
				basis,
				source: input.source,
				wordingId: input.wordingId ?? null,
				note: input.note?.trim() || null,
				recordedByStaff: input.recordedBy.kind === 'staff' ? input.recordedBy.id : null,
				recordedByPerson: input.recordedBy.kind === 'person'
			})
			.returning({ id: marketingPermission.id });
		await audit.record(tx, {
			action: 'marketing.decision_recorded',
			actor:
				input.recordedBy.kind === 'staff'
					? { kind: 'staff', id: input.recordedBy.id }
					: { kind: 'registrant' },
			subject: { type: 'person', id: input.personId },
			details: { channel: input.channel, decision: input.decision, source: input.source, basis }
		});
		return { ok: true, id: row!.id };
	});
}

export interface HistoryEntry {
	id: string;
	/** The key the decision was recorded under (a registration's or a contact's). */
	personId: string;
	channel: MarketingChannel;
	decision: MarketingDecision;
	basis: MarketingBasis | null;
	source: MarketingSource;
	note: string | null;
	recordedAt: Date;
	recordedByPerson: boolean;
	/** Null for the person's own decisions (and for a staff account that no longer exists). */
	staffName: string | null;
	wording: { key: string; version: string; locale: string; text: string } | null;
}

/** Every decision about the person under any of their keys, newest first, as recorded. */
export async function historyOf(db: Db | Tx, personId: string): Promise<HistoryEntry[]> {
	const keys = await personKeysOf(db, await resolvePerson(db, personId));
	const rows = await db
		.select({
			...LEDGER_COLUMNS,
			personId: marketingPermission.personId,
			staffName: staffUser.displayName,
			wordingKey: wording.key,
			wordingVersion: wording.version,
			wordingLocale: wording.locale,
			wordingText: wording.text
		})
		.from(marketingPermission)
		.leftJoin(staffUser, eq(staffUser.id, marketingPermission.recordedByStaff))
		.leftJoin(wording, eq(wording.id, marketingPermission.wordingId))
		.where(inArray(marketingPermission.personId, keys))
		.orderBy(desc(marketingPermission.recordedAt), desc(marketingPermission.id));
	return rows.map(({ wordingKey, wordingVersion, wordingLocale, wordingText, ...row }) => ({
		...row,
		wording:
			wordingKey !== null &&
			wordingVersion !== null &&
			wordingLocale !== null &&
			wordingText !== null
				? { key: wordingKey, version: wordingVersion, locale: wordingLocale, text: wordingText }
				: null
	}));
}
