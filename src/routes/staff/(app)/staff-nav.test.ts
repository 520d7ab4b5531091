import { describe, expect, it } from 'vitest';
import { ROLE_RIGHTS } from '$lib/server/auth/access';
import { findCurrentLink, listNavGroups } from './staff-nav';

const paths = (rights: readonly string[]) =>
	listNavGroups(rights).flatMap((group) => group.links.map((link) => link.path));

describe('listNavGroups', () => {
	it('shows the door only the pages the door may open', () => {
		expect(paths(ROLE_RIGHTS.door)).toEqual(['/staff', '/staff/logging']);
	});

	it('keeps the admin pages from staff and shows them to an admin', () => {
		const adminOnly = ['/staff/requests', '/staff/audit', '/staff/retention', '/staff/users'];
		for (const path of adminOnly) {
			expect(paths(ROLE_RIGHTS.staff)).not.toContain(path);
			expect(paths(ROLE_RIGHTS.admin)).toContain(path);
		}
	});

	it('shows the statistics beside the events to whoever may open the events', () => {
		expect(paths(ROLE_RIGHTS.staff)).toContain('/staff/statistics');
		expect(paths(ROLE_RIGHTS.door)).not.toContain('/staff/statistics');
		const ids = listNavGroups(ROLE_RIGHTS.staff).map((group) => group.id);
		expect(ids.indexOf('statistics')).toBe(ids.indexOf('events') + 1);
	});

	it('leaves out a group with nothing the viewer may open', () => {
		const ids = listNavGroups(ROLE_RIGHTS.door).map((group) => group.id);
		expect(ids).not.toContain('contacts');
		expect(ids).not.toContain('admin');
	});
});

describe('findCurrentLink', () => {
	const groups = listNavGroups(ROLE_RIGHTS.admin);

	it('marks the page itself', () => {
		expect(findCurrentLink(groups, '/staff/contacts')?.path).toBe('/staff/contacts');
		expect(findCurrentLink(groups, '/staff')?.path).toBe('/staff');
	});

	it('marks the section of a page deeper in it, not the dashboard', () => {
		expect(findCurrentLink(groups, '/staff/events/abc/checkin')?.path).toBe('/staff/events');
		expect(findCurrentLink(groups, '/staff/contacts/unlinked')?.path).toBe('/staff/contacts');
	});

	it('does not take a path that only starts with the same letters', () => {
		expect(findCurrentLink(groups, '/staff/eventsx')).toBeNull();
		expect(findCurrentLink(groups, '/staff/account')).toBeNull();
	});
});
