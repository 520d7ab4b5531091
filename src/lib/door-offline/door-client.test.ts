import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueuedCheckIn, SyncRequest } from '$lib/door';
import { MAX_SYNC_ITEMS } from '$lib/schemas/door';

vi.mock('$lib/paraglide/runtime', () => ({ localizeHref: (path: string) => path }));
vi.mock('./wipe', () => ({ wipeDevice: async () => {} }));

const { SYNC_BATCH, syncCheckIns } = await import('./door-client');

function queue(count: number): QueuedCheckIn[] {
	return Array.from({ length: count }, (_, n) => ({
		registrationId: `r${n}`,
		at: '2026-12-07T08:00:00Z',
		via: 'search'
	}));
}

describe('sending the queue', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('sends a long queue in requests the server accepts, and has an answer for every item', async () => {
		const sizes: number[] = [];
		vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
			const body = JSON.parse(String(init.body)) as SyncRequest;
			sizes.push(body.checkIns.length);
			const results = body.checkIns.map((one) => ({
				registrationId: one.registrationId,
				outcome: 'accepted'
			}));
			return new Response(JSON.stringify({ results }), { status: 200 });
		});
		const result = await syncCheckIns('e', 'd', queue(MAX_SYNC_ITEMS + 1));
		expect(SYNC_BATCH).toBe(MAX_SYNC_ITEMS);
		expect(sizes).toEqual([MAX_SYNC_ITEMS, 1]);
		expect(result.ok && result.value.length).toBe(MAX_SYNC_ITEMS + 1);
	});

	it('tells a refused request (400) from a missing network', async () => {
		vi.stubGlobal('fetch', async () => new Response('{}', { status: 400 }));
		expect(await syncCheckIns('e', 'd', queue(1))).toEqual({ ok: false, reason: 'rejected' });
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('offline');
		});
		expect(await syncCheckIns('e', 'd', queue(1))).toEqual({ ok: false, reason: 'offline' });
	});
});
