import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffUser } from './staff.schema';

/**
 * Append-only: a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE unless the
 * transaction has set ilmo.maintenance to 'erase', 'restore' or 'retention'.
 */
export const auditEvent = pgTable(
	'audit_event',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorId: uuid('actor_id').references(() => staffUser.id, { onDelete: 'restrict' }),
		// Who acted when there is no staff user: 'anonymous', 'registrant', 'system', 'cli'.
		actorKind: text('actor_kind').notNull(),
		// A globally unique action name, e.g. registration.exported, staff.signed_in.
		action: text('action').notNull(),
		subjectType: text('subject_type'),
		subjectId: text('subject_id'),
		count: integer('count'),
		details: jsonb('details').$type<Record<string, unknown>>()
	},
	(t) => [
		index('audit_event_at_idx').on(t.at),
		index('audit_event_actor_idx').on(t.actorId),
		index('audit_event_action_idx').on(t.action),
		index('audit_event_subject_idx').on(t.subjectType, t.subjectId),
		// The admin's person filter also matches ids named in details; each branch of that OR needs
		// an index of its own, or the whole search reads the table (see person/subjects.ts).
		index('audit_event_detail_registration_idx').on(sql`(${t.details} ->> 'registrationId')`),
		index('audit_event_detail_duplicate_idx').on(sql`(${t.details} ->> 'duplicateId')`),
		index('audit_event_detail_person_idx').on(sql`(${t.details} ->> 'personId')`),
		index('audit_event_actor_action_idx').on(t.actorId, t.action)
	]
);

export type AuditEvent = typeof auditEvent.$inferSelect;
