/**
 * A door device's offline copy of one event's door list and its queue of check-ins, on top of the
 * IndexedDB store and the sealing in ./seal.ts. Holds what DoorList holds (names, organisation,
 * ticket hashes, status, arrival times) and never anything else.
 */
import type { DoorList, QueuedCheckIn } from '$lib/door';
import { createDeviceKeys, seal, unlockDeviceKey, unseal } from './seal';
import { readRecord, writeRecord, type DeviceRecord } from './store';

/** The list and queue of a device unlocked with its PIN, for as long as the page is open. */
export interface OpenDevice {
	record: DeviceRecord;
	privateKey: CryptoKey;
	list: DoorList;
	queue: QueuedCheckIn[];
}

/** Keeps `list` on this device under a new PIN, replacing whatever was kept for the event. */
export async function prepareDevice(pin: string, list: DoorList): Promise<DeviceRecord> {
	const keys = await createDeviceKeys(pin);
	const record: DeviceRecord = {
		eventId: list.event.id,
		wipeAfter: list.wipeAfter,
		listGeneratedAt: list.generatedAt,
		people: list.people.length,
		queued: 0,
		publicKey: keys.publicKey,
		lock: keys.lock,
		list: await seal(keys.publicKey, list),
		queue: await seal(keys.publicKey, [] satisfies QueuedCheckIn[])
	};
	await writeRecord(record);
	return record;
}

/** A fresher list sealed over the kept one, without the PIN; null when the device is not prepared. */
export async function storeList(list: DoorList): Promise<DeviceRecord | null> {
	const record = await readRecord(list.event.id);
	if (!record) return null;
	const updated: DeviceRecord = {
		...record,
		wipeAfter: list.wipeAfter,
		listGeneratedAt: list.generatedAt,
		people: list.people.length,
		list: await seal(record.publicKey, list)
	};
	await writeRecord(updated);
	return updated;
}

/** The kept list and queue, or null when the PIN is wrong. */
export async function openDevice(record: DeviceRecord, pin: string): Promise<OpenDevice | null> {
	const privateKey = await unlockDeviceKey(record.lock, pin);
	if (!privateKey) return null;
	return {
		record,
		privateKey,
		list: await unseal<DoorList>(privateKey, record.list),
		queue: await unseal<QueuedCheckIn[]>(privateKey, record.queue)
	};
}

/** Seals `queue` (and, when given, a fresher list) as the device's current state. */
export async function saveDevice(
	device: OpenDevice,
	queue: QueuedCheckIn[],
	list: DoorList = device.list
): Promise<OpenDevice> {
	const current = (await readRecord(device.record.eventId)) ?? device.record;
	const record: DeviceRecord = {
		...current,
		wipeAfter: list.wipeAfter,
		listGeneratedAt: list.generatedAt,
		people: list.people.length,
		queued: queue.length,
		list: list === device.list ? current.list : await seal(current.publicKey, list),
		queue: await seal(current.publicKey, queue)
	};
	await writeRecord(record);
	return { ...device, record, list, queue };
}
