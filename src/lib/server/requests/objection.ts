import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { dataSubjectRequest } from '../db/schema';
import { recordDecision } from '../permissions/ledger';
import { findSubjects } from '../person/subjects';
import { lockOpen, requesterQuery, recordRequest, type StaffActor } from './queue';

export type ObjectionResult =
	| { ok: true; people: number }
	| { ok: false; reason: 'not_found' | 'closed' | 'not_objection' | 'nothing_held' };

/**
 * Art. 21(2)–(3): an objection to direct marketing is absolute, so it is recorded at once as a
 * prohibition on every channel for each person the request points at (no verification needed: it
 * only ever stops marketing), and the request is completed.
 */
export async function recordObjection(
	db: Db,
	actor: StaffActor,
	id: string,
	now: Date = new Date()
): Promise<ObjectionResult> {
	return db.transaction(async (tx): Promise<ObjectionResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const { request } = locked;
		if (request.kind !== 'objection') return { ok: false, reason: 'not_objection' };
		const subjects = await findSubjects(tx, requesterQuery(request));
		if (subjects.people.length === 0) return { ok: false, reason: 'nothing_held' };
		for (const personId of subjects.people) {
			await recordDecision(tx, {
				personId,
				channel: 'all',
				decision: 'prohibited',
				source: 'staff',
				note: `Objection to direct marketing, data-subject request received ${request.receivedAt.toISOString().slice(0, 10)}`,
				recordedBy: { kind: 'staff', id: actor.id }
			});
		}
		await tx
			.update(dataSubjectRequest)
			.set({
				status: 'completed',
				completedAt: now,
				outcome: 'Prohibition of direct marketing recorded on every channel.',
				updatedAt: now
			})
			.where(eq(dataSubjectRequest.id, id));
		await recordRequest(tx, actor, 'request.objection_recorded', id, {
			people: subjects.people.length
		});
		return { ok: true, people: subjects.people.length };
	});
}
