import type { StaffRole } from '../db/schema';

/**
 * Every right a staff view can require. Each staff load, action and endpoint names exactly one with
 * requireStaff(right); the access-matrix test reads ROLE_RIGHTS to know who may open what.
 */
export const RIGHTS = [
	'dashboard.view',
	'events.view',
	'events.manage',
	'attendees.view',
	'attendees.manage',
	'attendees.export',
	'checkin.use',
	'organisations.manage',
	'contacts.manage',
	'permissions.manage',
	'users.manage',
	'retention.manage',
	'requests.manage',
	'audit.view',
	'account.manage'
] as const;

export type Right = (typeof RIGHTS)[number];

const STAFF_RIGHTS: Right[] = [
	'dashboard.view',
	'events.view',
	'events.manage',
	'attendees.view',
	'attendees.manage',
	'attendees.export',
	'checkin.use',
	'organisations.manage',
	'contacts.manage',
	'permissions.manage',
	'account.manage'
];

export const ROLE_RIGHTS: Record<StaffRole, readonly Right[]> = {
	admin: [...STAFF_RIGHTS, 'users.manage', 'retention.manage', 'requests.manage', 'audit.view'],
	staff: STAFF_RIGHTS,
	// At the door: check-in for today's events, names and organisation only, nothing else.
	door: ['dashboard.view', 'checkin.use', 'account.manage']
};

export function hasRight(role: StaffRole, right: Right): boolean {
	return ROLE_RIGHTS[role].includes(right);
}

export const ROLES: StaffRole[] = ['admin', 'staff', 'door'];
