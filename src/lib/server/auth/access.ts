import type { StaffRole } from '../db/schema';

/** What staff do day to day; an admin has these too. */
const STAFF_RIGHTS = [
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
] as const;

const ADMIN_RIGHTS = [
	'users.manage',
	'retention.manage',
	'requests.manage',
	'audit.view',
	// The organisation's name, logo, colour and footer links on every public page and mail.
	'brand.manage'
] as const;

/**
 * Every right a staff view can require. Each staff load, action and endpoint names exactly one with
 * requireStaff(right); the access-matrix test reads ROLE_RIGHTS to know who may open what.
 */
export const RIGHTS = [...STAFF_RIGHTS, ...ADMIN_RIGHTS] as const;

export type Right = (typeof RIGHTS)[number];

export const ROLE_RIGHTS: Record<StaffRole, readonly Right[]> = {
	admin: RIGHTS,
	staff: STAFF_RIGHTS,
	// At the door: check-in for today's events, names and organisation only, nothing else.
	door: ['dashboard.view', 'checkin.use', 'account.manage']
};

export function hasRight(role: StaffRole, right: Right): boolean {
	return ROLE_RIGHTS[role].includes(right);
}

export const ROLES: StaffRole[] = ['admin', 'staff', 'door'];
