import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DoorList, QueuedCheckIn } from '$lib/door';
import type { DeviceRecord } from './store';

// The device's IndexedDB, kept in memory: the queue rules are what is under test here.
const kept = new Map<string, DeviceRecord>();
vi.mock('./store', () => ({
	readRecord: async (eventId: string) => structuredClone(kept.get(eventId) ?? null),
	writeRecord: async (record: DeviceRecord) => {
		// A write that takes a moment, as IndexedDB's does, so that racing writes interleave.
		await new Promise((resolve) => setTimeout(resolve, 5));
		kept.set(record.eventId, structuredClone(record));
	},
	deleteRecord: async (eventId: string) => void kept.delete(eventId)
}));

const { openDevice, prepareDevice, queueCheckIn, settleQueue } = await import('./device');

const PIN = '246810';

function list(wipeAfter = '2999-12-31T21:59:59Z'): DoorList {
	return {
		event: { id: 'e', title: 'Avoimet ovet', startsAt: '', endsAt: '' },
		wipeAfter,
		generatedAt: '2026-12-07T08:00:00Z',
		people: [],
		voidHashes: []
	};
}

function checkIn(n: number): QueuedCheckIn {
	return {
		registrationId: `00000000-0000-4000-8000-00000000000${n}`,
		at: `2026-12-07T08:0${n}:00Z`,
		via: 'search'
	};
}

describe("the door device's queue", () => {
	beforeEach(() => kept.clear());

	it('keeps check-ins made during a sync, and a sync removes only what it sent', async () => {
		const record = await prepareDevice(PIN, list());
		let device = (await openDevice(record, PIN)) as Exclude<
			Awaited<ReturnType<typeof openDevice>>,
			null | 'expired'
		>;
		device = await queueCheckIn(device, checkIn(1));
		// A sync sends [1] and waits for the server; meanwhile two fast scans, each from the same
		// (now stale) copy of the device.
		const sent = device.queue;
		const stale = device;
		await Promise.all([queueCheckIn(stale, checkIn(2)), queueCheckIn(stale, checkIn(3))]);
		// The server answers what was sent; a fresher list comes along.
		const fresher = { ...list(), generatedAt: '2026-12-07T08:05:00Z' };
		device = await settleQueue(stale, sent, fresher);
		expect(device.queue).toEqual([checkIn(2), checkIn(3)]);
		expect(device.list.generatedAt).toBe(fresher.generatedAt);
		const reopened = await openDevice(kept.get('e')!, PIN);
		expect(reopened).toMatchObject({ queue: [checkIn(2), checkIn(3)], record: { queued: 2 } });
	});

	it('refuses to open, and deletes, a list whose event day is over', async () => {
		const record = await prepareDevice(PIN, list('2026-12-07T21:59:59Z'));
		expect(await openDevice(record, PIN, new Date('2026-12-07T22:00:00Z'))).toBe('expired');
		expect(kept.has('e')).toBe(false);
	});
});
