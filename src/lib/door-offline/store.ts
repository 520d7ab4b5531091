/**
 * The door device's IndexedDB: one record per prepared event, with the door list and the queue of
 * offline check-ins sealed (./seal.ts). Only what a wipe needs to decide, and what the door page
 * shows before the PIN is typed, is in the clear: the event id, when to wipe, when the list was
 * made, how many people it holds and how many check-ins wait. Shared with the service worker, so
 * nothing here touches the DOM.
 */
import type { PinLock, Sealed } from './seal';

export const DATABASE_NAME = 'ilmo-door';
const STORE = 'devices';
const META = 'meta';

export interface DeviceRecord {
	eventId: string;
	/** ISO time after which the record is deleted unread (DoorList.wipeAfter). */
	wipeAfter: string;
	/** ISO time the sealed list was made on the server (DoorList.generatedAt). */
	listGeneratedAt: string;
	people: number;
	queued: number;
	publicKey: JsonWebKey;
	lock: PinLock;
	/** A DoorList. */
	list: Sealed;
	/** QueuedCheckIn[]. */
	queue: Sealed;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
	});
}

function open(): Promise<IDBDatabase> {
	const req = indexedDB.open(DATABASE_NAME, 1);
	req.onupgradeneeded = () => {
		req.result.createObjectStore(STORE, { keyPath: 'eventId' });
		req.result.createObjectStore(META);
	};
	return request(req);
}

async function withStore<T>(
	name: string,
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		const tx = db.transaction(name, mode);
		const done = new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
			tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
		});
		const [result] = await Promise.all([request(work(tx.objectStore(name))), done]);
		return result;
	} finally {
		db.close();
	}
}

export async function readRecord(eventId: string): Promise<DeviceRecord | null> {
	const found = await withStore(STORE, 'readonly', (s) => s.get(eventId));
	return (found as DeviceRecord | undefined) ?? null;
}

export async function readRecords(): Promise<DeviceRecord[]> {
	return (await withStore(STORE, 'readonly', (s) => s.getAll())) as DeviceRecord[];
}

export async function writeRecord(record: DeviceRecord): Promise<void> {
	await withStore(STORE, 'readwrite', (s) => s.put(record));
}

export async function deleteRecord(eventId: string): Promise<void> {
	await withStore(STORE, 'readwrite', (s) => s.delete(eventId));
}

/** A random id for this device, kept until the next wipe (SyncRequest.deviceId). */
export async function deviceId(): Promise<string> {
	const found = (await withStore(META, 'readonly', (s) => s.get('deviceId'))) as string | undefined;
	if (found) return found;
	const id = crypto.randomUUID();
	await withStore(META, 'readwrite', (s) => s.put(id, 'deviceId'));
	return id;
}

/** Deletes every record whose event day is over; true when something was deleted. */
export async function wipeExpired(now = new Date()): Promise<boolean> {
	let wiped = false;
	for (const record of await readRecords()) {
		if (Date.parse(record.wipeAfter) <= now.getTime()) {
			await deleteRecord(record.eventId);
			wiped = true;
		}
	}
	return wiped;
}

/** How many check-ins wait unsent on this device, over all events; 0 where nothing can be kept. */
export async function countQueued(): Promise<number> {
	if (!('indexedDB' in globalThis)) return 0;
	try {
		return (await readRecords()).reduce((sum, record) => sum + record.queued, 0);
	} catch {
		return 0;
	}
}

/** Deletes the whole database. Resolves even when another tab holds it open (it goes when closed). */
export function deleteDatabase(): Promise<void> {
	return new Promise((resolve) => {
		const req = indexedDB.deleteDatabase(DATABASE_NAME);
		req.onsuccess = () => resolve();
		req.onerror = () => resolve();
		req.onblocked = () => resolve();
	});
}
