import type { Db, Tx } from '../db';
import { auditEvent } from '../db/schema';
import type { AuditAction } from './actions';

export type { AuditAction } from './actions';

export type ActorKind = 'staff' | 'anonymous' | 'registrant' | 'system' | 'cli';

export interface AuditInput {
	/**
	 * A globally unique action name: `<subject>.<past participle>`, e.g. attendees.exported. One of
	 * the closed list in actions.ts, each with a label (labels.ts): add a new one there first.
	 */
	action: AuditAction;
	actor: { kind: 'staff'; id: string } | { kind: Exclude<ActorKind, 'staff'> };
	subject?: { type: string; id: string };
	/** How many records were read or exported. */
	count?: number;
	/** Context that is not personal data (no names, emails or addresses: the trail outlives them). */
	details?: Record<string, unknown>;
}

/**
 * The one way to write the audit trail. Append-only: the table refuses updates and deletes. Call it
 * inside the transaction of the change it records, so that both are kept or neither is.
 */
export async function record(db: Db | Tx, input: AuditInput): Promise<void> {
	await db.insert(auditEvent).values({
		actorId: input.actor.kind === 'staff' ? input.actor.id : null,
		actorKind: input.actor.kind,
		action: input.action,
		subjectType: input.subject?.type ?? null,
		subjectId: input.subject?.id ?? null,
		count: input.count ?? null,
		details: input.details ?? null
	});
}
