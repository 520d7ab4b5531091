import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import type { Event } from '$lib/server/db/schema';
import { staffSessionHandle } from '$lib/server/auth/handle';
import { makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { seedTicketed } from '$tests/door';
import { makeEvent } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { actions, load } from './+page.server';
import { checkIn } from '$lib/server/attendees';
import { GET as list } from './list/+server';
import { POST as scan } from './scan/+server';
import { POST as sync } from './sync/+server';

const holder = vi.hoisted(() => ({
	database: undefined as Database | undefined,
	user: { id: '', email: 'door@wetteri.fi', displayName: 'Ovi', role: 'door', totpEnabled: false }
}));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));
vi.mock('$lib/server/auth/guard', () => ({ requireStaff: () => holder.user }));

const HOUR_MS = 3_600_000;

function call(
	handler: (event: never) => Response | Promise<Response>,
	eventId: string,
	body?: string,
	type = 'application/json'
) {
	const request = new Request(`http://ilmo.test/staff/events/${eventId}/checkin/x`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: body === undefined ? {} : { 'content-type': type },
		body
	});
	return handler({ params: { id: eventId }, request, url: new URL(request.url) } as never);
}

describe.each(DATABASE_KINDS)('the door endpoints on %s', (kind) => {
	let today: Event;
	let nextWeek: Event;
	let code: string;
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
		holder.user.id = (await makeStaff(holder.database.db, 'door')).id;
		const now = new Date();
		today = await makeEvent(holder.database.db, {
			startsAt: now,
			endsAt: new Date(now.getTime() + 3 * HOUR_MS)
		});
		nextWeek = await makeEvent(holder.database.db);
		const [ticket] = await seedTicketed(holder.database.db, today, [
			{ firstName: 'Veera', lastName: 'Vieras' }
		]);
		code = ticket!.code;
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	it('answers bad bodies 400 and other days’ doors 403, in JSON that is never cached', async () => {
		const bad = [
			await call(scan, today.id, JSON.stringify({ code }), 'text/plain'),
			await call(scan, today.id, '{"code": '),
			await call(scan, today.id, JSON.stringify({ code: 42 })),
			await call(sync, today.id, JSON.stringify({ deviceId: 'd', checkIns: [{}] })),
			await call(
				sync,
				today.id,
				JSON.stringify({
					deviceId: 'd',
					checkIns: Array(501).fill({
						registrationId: today.id,
						at: new Date().toISOString(),
						via: 'scan'
					})
				})
			)
		];
		expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
		expect((await bad[0]!.json()).error).toBe('content_type');
		const forbidden = await call(scan, nextWeek.id, JSON.stringify({ code }));
		expect([forbidden.status, await forbidden.json()]).toEqual([403, { error: 'forbidden' }]);
		expect((await call(list, nextWeek.id)).status).toBe(403);

		const scanned = await call(scan, today.id, JSON.stringify({ code, deviceId: 'phone-1' }));
		expect(scanned.status).toBe(200);
		expect(scanned.headers.get('cache-control')).toBe('no-store');
		expect(await scanned.json()).toMatchObject({ outcome: 'checked_in', name: 'Veera Vieras' });
		const listed = await call(list, today.id);
		expect(listed.headers.get('cache-control')).toBe('no-store');
		expect((await listed.json()).people).toHaveLength(1);
		const synced = await call(sync, today.id, JSON.stringify({ deviceId: 'd', checkIns: [] }));
		expect(await synced.json()).toEqual({ results: [] });
	});

	it('names whom a tap in the not-yet-arrived list checked in', async () => {
		const [tapped] = await seedTicketed(holder.database!.db, today, [
			{ firstName: 'Lista', lastName: 'Lähtijä' }
		]);
		const id = tapped!.registration.id;
		await checkIn(holder.database!.db, holder.user, today.id, id);
		const url = new URL(`http://ilmo.test/staff/events/${today.id}/checkin?done=in&who=${id}`);
		const data = (await load({ params: { id: today.id }, url } as never)) as {
			done: unknown;
		};
		expect(data.done).toEqual({ kind: 'in', name: 'Lista Lähtijä' });
	});

	it('scans without JavaScript, keeping the field only for a code that cannot be a ticket', async () => {
		const post = (value: string) => {
			const body = new FormData();
			body.set('code', value);
			const request = new Request(`http://ilmo.test/staff/events/${today.id}/checkin?/scan`, {
				method: 'POST',
				body
			});
			return outcome(() =>
				actions.scan!({ params: { id: today.id }, request, url: new URL(request.url) } as never)
			);
		};
		const misread = (await post('ABC')) as { value: { status: number; data: never } };
		expect(misread.value).toMatchObject({
			status: 400,
			data: { scan: { outcome: 'invalid' }, form: { data: { code: 'ABC' } } }
		});
		expect(await post(code)).toMatchObject({
			value: { scan: { outcome: 'already' }, form: { data: { code: '' } } }
		});
	});
});

describe('a door device without a session', () => {
	it('is told 401 in JSON, not sent to the sign-in page', async () => {
		const answer = async (path: string) => {
			const url = new URL(`http://ilmo.test${path}`);
			const event = { url, route: { id: null }, cookies: { get: () => undefined }, locals: {} };
			return staffSessionHandle({ event, resolve: async () => new Response('page') } as never);
		};
		const denied = await answer('/en/staff/events/anything/checkin/scan');
		expect(denied.status).toBe(401);
		expect(await denied.json()).toEqual({ error: 'unauthenticated' });
		expect((await answer('/staff/events/anything/checkin/sync')).status).toBe(401);
		expect((await answer('/staff/events/anything/checkin')).status).toBe(303);
	});
});
