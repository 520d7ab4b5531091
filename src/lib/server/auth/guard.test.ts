import { describe, expect, it, vi } from 'vitest';

const holder = vi.hoisted(() => ({ event: undefined as unknown }));
vi.mock('$app/server', () => ({ getRequestEvent: () => holder.event }));

const { requireStaff } = await import('./guard');

const KIOSK_EVENT = '11111111-1111-4111-8111-111111111111';

/** What requireStaff throws (a redirect or an error), for a kiosk-locked tablet asking `routeId`. */
function refusal(routeId: string, method = 'GET') {
	const path = routeId.replace('/(app)', '').replace('[id]', KIOSK_EVENT);
	holder.event = {
		url: new URL(`http://ilmo.test${path}`),
		request: new Request(`http://ilmo.test${path}`, { method }),
		route: { id: routeId },
		params: { id: KIOSK_EVENT },
		isDataRequest: false,
		locals: {
			user: { id: 'u', role: 'staff' },
			session: { secondFactorVerified: true, kioskEventId: KIOSK_EVENT },
			mustEnrollTotp: false
		}
	};
	try {
		requireStaff('checkin.use');
	} catch (thrown) {
		return thrown as { status: number };
	}
	throw new Error('not refused');
}

describe('a kiosk-locked session', () => {
	it('is sent back to the kiosk from a staff page', () => {
		expect(refusal('/staff/(app)/events/[id]/checkin').status).toBe(303);
	});

	it('is refused 403, not redirected, by the door device’s endpoints', () => {
		for (const endpoint of ['scan', 'list', 'sync']) {
			expect(refusal(`/staff/(app)/events/[id]/checkin/${endpoint}`).status).toBe(403);
		}
		expect(refusal('/staff/(app)/events/[id]/checkin/sync', 'POST').status).toBe(403);
	});
});
