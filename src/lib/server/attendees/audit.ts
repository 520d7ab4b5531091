import * as audit from '../audit';
import type { Db, Tx } from '../db';

/** Whoever acts on the list: a signed-in staff or door account. */
export interface StaffActor {
	id: string;
}

export type AttendeeAction =
	| 'attendees.viewed'
	| 'attendees.exported'
	| 'attendees.printed'
	| 'registration.checked_in'
	| 'registration.check_in_undone'
	| 'registration.added_by_staff'
	| 'registration.updated_by_staff'
	| 'registration.cancelled_by_staff'
	| 'registration.moved_up'
	| 'registration.promoted_by_staff'
	| 'registration.moved_by_staff';

/**
 * One audit row per reading or change. Details carry ids, counts and option names only: never the
 * search text, which is usually part of a name and would outlive the registration in the trail.
 */
export function recordAttendees(
	db: Db | Tx,
	actor: StaffActor,
	action: AttendeeAction,
	subject: { type: 'event' | 'registration'; id: string },
	extra: { count?: number; details?: Record<string, unknown> } = {}
) {
	return audit.record(db, {
		action,
		actor: { kind: 'staff', id: actor.id },
		subject,
		count: extra.count,
		details: extra.details
	});
}
