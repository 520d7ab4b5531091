import { rowsOf } from '../db/rows';
import { asc, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Tx } from '../db';
import { erasureJournal } from '../db/schema';
import { enterEraseMaintenance, eraseRecords, type ErasureCounts } from './erase-core';
import { addSuppression } from '../suppression';

export interface ReapplySummary {
	entries: number;
	counts: ErasureCounts;
}

const ZERO: ErasureCounts = {
	registrations: 0,
	contacts: 0,
	ledgerRows: 0,
	consentRequests: 0,
	tokens: 0,
	outbox: 0,
	auditRedacted: 0,
	organisations: 0,
	requests: 0,
	groups: 0,
	groupMembers: 0
};

/**
 * Erases again everything the erasure journal names, so a person erased after a backup was taken
 * stays erased when it is restored; puts their HMACs back on the suppression list where they were.
 * Pass it to `restoreBackup` as `afterRestore`: it runs in the restore's transaction (whose
 * maintenance mode already lets it change the append-only tables). Records erased already are left
 * alone, so running it again changes nothing.
 */
export async function reapplyErasureJournal(
	tx: Tx,
	options: { key?: string } = {}
): Promise<ReapplySummary> {
	const result = (await tx.execute(
		sql`SELECT current_setting('ilmo.maintenance', true) AS mode`
	)) as unknown;
	const found = rowsOf<{ mode: string | null }>(result);
	if (!['erase', 'restore', 'retention'].includes(found[0]?.mode ?? '')) {
		await enterEraseMaintenance(tx);
	}
	const entries = await tx.select().from(erasureJournal).orderBy(asc(erasureJournal.erasedAt));
	const counts = { ...ZERO };
	for (const entry of entries) {
		const done = await eraseRecords(tx, entry, {
			actorId: null,
			before: entry.erasedAt,
			key: options.key
		});
		for (const name of Object.keys(counts) as (keyof ErasureCounts)[]) counts[name] += done[name];
		if (entry.suppressed) {
			await addSuppression(tx, [
				...entry.emailHmacs.map((hmac) => ({ kind: 'email' as const, hmac })),
				...entry.phoneHmacs.map((hmac) => ({ kind: 'phone' as const, hmac }))
			]);
		}
	}
	if (entries.length > 0) {
		await audit.record(tx, {
			action: 'erasure.reapplied',
			actor: { kind: 'system' },
			count: entries.length,
			details: { ...counts }
		});
	}
	return { entries: entries.length, counts };
}
