import { expect, request, type APIRequestContext } from '@playwright/test';
import type { StaffRole } from '../../../src/lib/server/db/schema';
import { STAFF_USERS } from '../support/staff-users';

/**
 * Staff sessions without a browser, for checks that look at status codes and headers. Requests
 * carry the test's client address (the app runs behind a pretend proxy) and this site's Origin,
 * as a browser's form POST would; redirects are never followed, so a 303 stays visible. They
 * ask for HTML as a browser does: SvelteKit answers a form post accepting anything with the JSON
 * meant for `use:enhance`, always with status 200.
 */
export async function apiContext(baseURL: string, address: string): Promise<APIRequestContext> {
	return request.newContext({
		baseURL,
		maxRedirects: 0,
		extraHTTPHeaders: {
			'x-forwarded-for': address,
			origin: new URL(baseURL).origin,
			accept: 'text/html'
		}
	});
}

export async function apiSignIn(
	context: APIRequestContext,
	credentials: { email: string; password: string }
) {
	const response = await context.post('/staff/login', { form: credentials });
	expect(response.status(), `sign-in of ${credentials.email}`).toBe(303);
	expect(response.headers()['location']).not.toContain('/staff/login');
}

export async function apiSignInAs(baseURL: string, address: string, role: StaffRole) {
	const context = await apiContext(baseURL, address);
	await apiSignIn(context, STAFF_USERS[role]);
	return context;
}

/** A fresh account for one test, made through the admin's own form. */
export async function apiCreateUser(
	baseURL: string,
	address: string,
	user: { email: string; displayName: string; role: StaffRole; password: string }
) {
	const admin = await apiSignInAs(baseURL, address, 'admin');
	try {
		const response = await admin.post('/staff/users?/create', { form: user });
		expect(response.status(), `creating ${user.email}`).toBe(200);
		expect(await response.text()).toContain(user.email);
	} finally {
		await admin.dispose();
	}
	return user;
}
