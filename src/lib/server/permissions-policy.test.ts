import { describe, expect, it } from 'vitest';
import { permissionsPolicy } from './permissions-policy';

describe('the Permissions-Policy header', () => {
	it('allows the camera on the door page and its offline shell only', () => {
		for (const route of ['/staff/(app)/events/[id]/checkin', '/staff/door']) {
			expect(permissionsPolicy(route)).toMatch(/^camera=\(self\), microphone=\(\)/);
		}
		for (const route of [
			null,
			'/(public)/events/[slug]',
			'/staff/(app)/events/[id]',
			'/staff/(app)/events/[id]/checkin/scan',
			'/staff/(app)/events/[id]/kiosk'
		]) {
			expect(permissionsPolicy(route)).toMatch(/^camera=\(\), microphone=\(\)/);
		}
	});
});
