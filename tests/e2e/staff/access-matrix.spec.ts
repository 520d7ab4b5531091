import type { APIResponse } from '@playwright/test';
import { ROLE_RIGHTS } from '../../../src/lib/server/auth/access';
import { isDoorDevicePath } from '../../../src/lib/server/auth/door-device';
import type { StaffRole } from '../../../src/lib/server/db/schema';
import { staffRoutes, type StaffRoute } from '../../support/staff-routes';
import { clientAddressFor } from '../fixtures';
import { apiContext, apiSignInAs } from './staff-api';
import { resolveStaffPaths } from './staff-paths';
import { expect, test } from './staff-fixtures';

/**
 * Every staff route × {anonymous, door, staff, admin}: the expected answer follows from the right
 * each handler asks requireStaff for (read from the route files) and ROLE_RIGHTS, so a route added
 * tomorrow is checked without touching this file. Anonymous → 303 to the sign-in page (401 at a
 * door device's JSON endpoints); a missing right → 403; otherwise the page answers (200, or its
 * own redirect elsewhere, as sign-out's GET).
 * Actions are posted only where they must be refused, so the matrix never changes any data.
 */

type Who = 'anonymous' | StaffRole;
type Outcome = 'login' | 'unauthorised' | 'forbidden' | 'ok';

const WHO: Who[] = ['anonymous', 'door', 'staff', 'admin'];
const LOCALES = ['', '/en'];
const routes = staffRoutes();

function expected(who: Who, rights: string[], pattern: string): Outcome {
	// A door device is told plainly that its session is gone (it then wipes its offline list).
	if (who === 'anonymous') return isDoorDevicePath(pattern) ? 'unauthorised' : 'login';
	const granted = ROLE_RIGHTS[who] as readonly string[];
	return rights.every((right) => granted.includes(right)) ? 'ok' : 'forbidden';
}

function outcome(response: APIResponse, locale: string): string {
	const status = response.status();
	const location = response.headers()['location'] ?? '';
	if (status >= 300 && status < 400) {
		if (location.startsWith(`${locale}/staff/login`)) return 'login';
		return location.includes('/staff/login') ? `${status} to ${location}` : 'ok';
	}
	if (status === 401) return 'unauthorised';
	if (status === 403) return 'forbidden';
	return status >= 200 && status < 300 ? 'ok' : `status ${status}`;
}

interface Check {
	method: string;
	path: string;
	rights: string[];
	locale: string;
}

function checksFor(route: StaffRoute, path: string): Check[] {
	const checks: Check[] = [];
	for (const locale of LOCALES) {
		if (route.pageRights) checks.push({ method: 'GET', path, rights: route.pageRights, locale });
		for (const endpoint of route.endpoints) {
			checks.push({ method: endpoint.method, path, rights: [endpoint.right], locale });
		}
	}
	for (const action of route.actions) {
		const query = action.name === 'default' ? '' : `?/${action.name}`;
		checks.push({ method: 'POST', path: `${path}${query}`, rights: [action.right], locale: '' });
	}
	return checks;
}

test('the matrix covers the staff routes', () => {
	const patterns = routes.map((route) => route.pattern);
	for (const pattern of ['/staff', '/staff/account', '/staff/users', '/staff/users/[id]']) {
		expect(patterns).toContain(pattern);
	}
	expect(patterns.some((pattern) => pattern.startsWith('/staff/login'))).toBe(false);
});

for (const who of WHO) {
	test(`staff routes answer ${who} as their rights say`, async ({ baseURL }, testInfo) => {
		const address = clientAddressFor(`${testInfo.testId}:${testInfo.retry}`);
		const admin = await apiSignInAs(baseURL!, address, 'admin');
		const paths = await resolveStaffPaths(admin, routes);
		await admin.dispose();
		const context =
			who === 'anonymous'
				? await apiContext(baseURL!, address)
				: await apiSignInAs(baseURL!, address, who);

		const mismatches: string[] = [];
		let checked = 0;
		for (const route of routes) {
			for (const check of checksFor(route, paths.get(route.pattern)!)) {
				const want = expected(who, check.rights, route.pattern);
				// A permitted action would change data; the guard in front of it is what is under test.
				if (check.method !== 'GET' && want === 'ok') continue;
				const response = await context.fetch(`${check.locale}${check.path}`, {
					method: check.method,
					...(check.method === 'GET' ? {} : { form: {} })
				});
				const got = outcome(response, check.locale);
				checked++;
				if (got !== want) {
					mismatches.push(
						`${check.method} ${check.locale}${check.path} (${check.rights.join(' + ')}): expected ${want}, got ${got}`
					);
				}
			}
		}
		await context.dispose();
		expect(checked).toBeGreaterThan(5);
		expect(mismatches, `answers to ${who}`).toEqual([]);
	});
}
