/**
 * The staff menu as data: which pages sit in which group, who sees them, and which one the viewer is
 * on. Kept apart from the markup so the grouping and the current-page rule can be tested without a
 * browser, and so a new staff page is one line here.
 */
import { m } from '$lib/paraglide/messages';

export interface NavLink {
	/** The page's path without a locale prefix, e.g. '/staff/contacts'. */
	path: string;
	label: string;
	/** The access right the page asks for; the menu leaves out what the viewer cannot open. */
	right: string;
}

export interface NavGroup {
	id: string;
	label: string;
	links: NavLink[];
}

/** Every group with every link, in menu order, before rights are applied. */
function allGroups(): NavGroup[] {
	return [
		{
			id: 'home',
			label: m.staff_nav_dashboard(),
			links: [{ path: '/staff', label: m.staff_nav_dashboard(), right: 'dashboard.view' }]
		},
		{
			id: 'events',
			label: m.staff_nav_events(),
			links: [{ path: '/staff/events', label: m.staff_nav_events(), right: 'events.view' }]
		},
		{
			// Its own entry, not a drop-down under Events: Events stays one click away.
			id: 'statistics',
			label: m.staff_nav_statistics(),
			links: [{ path: '/staff/statistics', label: m.staff_nav_statistics(), right: 'events.view' }]
		},
		{
			id: 'contacts',
			label: m.staff_nav_group_contacts(),
			links: [
				{ path: '/staff/contacts', label: m.staff_nav_contacts(), right: 'contacts.manage' },
				{
					path: '/staff/organisations',
					label: m.staff_nav_organisations(),
					right: 'organisations.manage'
				}
			]
		},
		{
			id: 'marketing',
			label: m.staff_nav_group_marketing(),
			links: [
				{ path: '/staff/permissions', label: m.permissions_nav(), right: 'permissions.manage' }
			]
		},
		{
			id: 'privacy',
			label: m.staff_nav_group_privacy(),
			links: [
				{ path: '/staff/requests', label: m.requests_nav(), right: 'requests.manage' },
				{ path: '/staff/audit', label: m.audit_nav(), right: 'audit.view' },
				{ path: '/staff/retention', label: m.retention_nav(), right: 'retention.manage' },
				// Every staff member may read what is logged about their own work.
				{ path: '/staff/logging', label: m.staff_logging_notice_nav(), right: 'account.manage' }
			]
		},
		{
			id: 'admin',
			label: m.staff_nav_group_admin(),
			links: [
				{ path: '/staff/users', label: m.staff_nav_users(), right: 'users.manage' },
				{ path: '/staff/brand', label: m.staff_nav_brand(), right: 'brand.manage' }
			]
		}
	];
}

/** The groups and links the viewer's rights allow; a group left empty is left out. */
export function listNavGroups(rights: readonly string[]): NavGroup[] {
	return allGroups()
		.map((group) => ({
			...group,
			links: group.links.filter((link) => rights.includes(link.right))
		}))
		.filter((group) => group.links.length > 0);
}

function isWithin(pathname: string, path: string): boolean {
	// The dashboard is the parent of everything, so it only counts when it is the page itself.
	if (path === '/staff') return pathname === '/staff';
	return pathname === path || pathname.startsWith(`${path}/`);
}

/**
 * The menu link the page at `pathname` (without locale prefix) belongs to: the link of the page itself
 * or of the section it sits in (an event's attendee list belongs to Events), the longest match
 * winning. Null on a page outside the menu (the account page, a form reached from a list of another
 * section is still inside that section).
 */
export function findCurrentLink(groups: NavGroup[], pathname: string): NavLink | null {
	let best: NavLink | null = null;
	for (const link of groups.flatMap((group) => group.links)) {
		if (isWithin(pathname, link.path) && (!best || link.path.length > best.path.length)) {
			best = link;
		}
	}
	return best;
}
