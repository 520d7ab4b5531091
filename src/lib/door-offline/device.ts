/**
 * A door device's offline copy of one event's door list and its queue of check-ins, on top of the
 * IndexedDB store and the sealing in ./seal.ts. Holds what DoorList holds (names, organisation,
 * ticket hashes, status, arrival times) and never anything else.
 */
import type { DoorList, QueuedCheckIn } from '$lib/door';
import { createDeviceKeys, seal, unlockDeviceKey, unseal } from './seal';
import { deleteRecord, readRecord, writeRecord, type DeviceRecord } from './store';

/**
 * Every change to a kept queue goes through this one chain: a scan while a sync is under way (or two
 * fast scans) would otherwise each write the queue it read, and the later write would drop the other's
 * check-in.
 */
let queueChain: Promise<unknown> = Promise.resolve();

function inQueueOrder<T>(work: () => Promise<T>): Promise<T> {
	const next = queueChain.then(work, work);
	queueChain = next.catch(() => {});
	return next;
}

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

/**
 * The kept list and queue; null when the PIN is wrong, 'expired' (and the record deleted) once the
 * event day is over, so that an old list is never shown however long the page stayed open.
 */
export async function openDevice(
	record: DeviceRecord,
	pin: string,
	now = new Date()
): Promise<OpenDevice | null | 'expired'> {
	if (Date.parse(record.wipeAfter) <= now.getTime()) {
		await deleteRecord(record.eventId);
		return 'expired';
	}
	const privateKey = await unlockDeviceKey(record.lock, pin);
	if (!privateKey) return null;
	return {
		record,
		privateKey,
		list: await unseal<DoorList>(privateKey, record.list),
		queue: await unseal<QueuedCheckIn[]>(privateKey, record.queue)
	};
}

/** The device as kept now: another change may have been saved since `device` was read. */
async function readCurrent(device: OpenDevice): Promise<OpenDevice | null> {
	const record = await readRecord(device.record.eventId);
	// Wiped meanwhile (signed out, removed): nothing may be written back.
	if (!record) return null;
	const list =
		record.listGeneratedAt === device.list.generatedAt
			? device.list
			: await unseal<DoorList>(device.privateKey, record.list);
	return {
		...device,
		record,
		list,
		queue: await unseal<QueuedCheckIn[]>(device.privateKey, record.queue)
	};
}

/** Seals `queue` and `list` as the device's current state. */
async function writeDevice(
	current: OpenDevice,
	queue: QueuedCheckIn[],
	list: DoorList
): Promise<OpenDevice> {
	const record: DeviceRecord = {
		...current.record,
		wipeAfter: list.wipeAfter,
		listGeneratedAt: list.generatedAt,
		people: list.people.length,
		queued: queue.length,
		list: list === current.list ? current.record.list : await seal(current.record.publicKey, list),
		queue: await seal(current.record.publicKey, queue)
	};
	await writeRecord(record);
	return { ...current, record, list, queue };
}

/** Adds a check-in to the kept queue (once per person), keeping whatever else was queued meanwhile. */
export function queueCheckIn(device: OpenDevice, checkIn: QueuedCheckIn): Promise<OpenDevice> {
	return inQueueOrder(async () => {
		const current = await readCurrent(device);
		if (!current) return device;
		if (current.queue.some((entry) => entry.registrationId === checkIn.registrationId)) {
			return current;
		}
		return writeDevice(current, [...current.queue, checkIn], current.list);
	});
}

/**
 * Removes the check-ins the server answered from the kept queue (and keeps a fresher list when
 * given); check-ins queued while the sync was under way stay.
 */
export function settleQueue(
	device: OpenDevice,
	answered: QueuedCheckIn[],
	list?: DoorList
): Promise<OpenDevice> {
	return inQueueOrder(async () => {
		const current = await readCurrent(device);
		if (!current) return device;
		const queue = current.queue.filter(
			(entry) =>
				!answered.some((one) => one.registrationId === entry.registrationId && one.at === entry.at)
		);
		return writeDevice(current, queue, list ?? current.list);
	});
}
