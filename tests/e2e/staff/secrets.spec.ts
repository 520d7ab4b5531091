import { staffRoutes } from '../../support/staff-routes';
import { clientAddressFor } from '../fixtures';
import { apiContext, apiSignInAs } from './staff-api';
import { resolveStaffPaths } from './staff-paths';
import { expect, test } from './staff-fixtures';

/**
 * A password or code typed into a staff form never comes back in the answer, not even when the
 * form is refused and shown again: the answer is HTML a browser may keep in its cache or history.
 * Each form gets a secret that is too long, so it is refused with everything else kept.
 */
const FORMS = [
	{ path: '/staff/account', action: 'password', fields: ['currentPassword', 'newPassword'] },
	{ path: '/staff/account', action: 'totpDisable', fields: ['password'] },
	{ path: '/staff/users', action: 'create', fields: ['password'] },
	{ path: '/staff/users/[id]', action: 'password', fields: ['newPassword'] },
	{ path: '/staff/requests/[id]', action: 'erase', fields: ['password'] }
];

test('a refused staff form never sends its password back', async ({ baseURL }, testInfo) => {
	const address = clientAddressFor(`${testInfo.testId}:${testInfo.retry}`);
	const admin = await apiSignInAs(baseURL!, address, 'admin');
	const paths = await resolveStaffPaths(admin, staffRoutes());
	const secret = (field: string) => `Salainen-${field}-${testInfo.retry}-`.padEnd(300, 'x');
	try {
		for (const form of FORMS) {
			const path = paths.get(form.path);
			expect(path, `a page for ${form.path}`).toBeTruthy();
			const data = Object.fromEntries(form.fields.map((field) => [field, secret(field)]));
			const response = await admin.post(`${path}?/${form.action}`, {
				form: { ...data, email: 'not an address', displayName: 'Testi', role: 'staff' }
			});
			expect(response.status(), `${form.path} ?/${form.action} refuses the form`).toBe(400);
			const body = await response.text();
			for (const field of form.fields) {
				expect(body, `${form.path} ?/${form.action} sends ${field} back`).not.toContain(
					secret(field).slice(0, 40)
				);
			}
		}
	} finally {
		await admin.dispose();
	}

	// Signing in: the one form anyone may post.
	const visitor = await apiContext(baseURL!, address);
	try {
		const response = await visitor.post('/staff/login', {
			form: { email: 'not an address', password: secret('login') }
		});
		expect(response.status(), 'the sign-in refuses the form').toBe(400);
		expect(await response.text()).not.toContain(secret('login').slice(0, 40));
	} finally {
		await visitor.dispose();
	}
});
