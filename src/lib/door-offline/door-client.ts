/**
 * The door device's calls to the server (src/lib/door.ts has the contract). A 401 means the door
 * account is signed out: whatever the device keeps is wiped at once, queue included, because
 * names must not outlive the session that fetched them.
 */
import type { DoorList, QueuedCheckIn, SyncRequest, SyncResult } from '$lib/door';
import { localizeHref } from '$lib/paraglide/runtime';
import { wipeDevice } from './wipe';

export type Fetched<T> =
	{ ok: true; value: T } | { ok: false; reason: 'signed_out' | 'forbidden' | 'offline' };

async function call<T>(path: string, init: RequestInit = {}): Promise<Fetched<T>> {
	let response: Response;
	try {
		response = await fetch(localizeHref(path), {
			...init,
			headers: { accept: 'application/json', ...init.headers },
			cache: 'no-store'
		});
	} catch {
		return { ok: false, reason: 'offline' };
	}
	if (response.status === 401) {
		await wipeDevice();
		return { ok: false, reason: 'signed_out' };
	}
	if (response.status === 403) return { ok: false, reason: 'forbidden' };
	// 503 while the database is away, a proxy's 502, anything odd: try again later.
	if (!response.ok) return { ok: false, reason: 'offline' };
	try {
		return { ok: true, value: (await response.json()) as T };
	} catch {
		return { ok: false, reason: 'offline' };
	}
}

export function fetchDoorList(eventId: string): Promise<Fetched<DoorList>> {
	return call<DoorList>(`/staff/events/${eventId}/checkin/list`);
}

export async function syncCheckIns(
	eventId: string,
	deviceId: string,
	checkIns: QueuedCheckIn[]
): Promise<Fetched<SyncResult[]>> {
	const body: SyncRequest = { deviceId, checkIns };
	const result = await call<{ results: SyncResult[] }>(`/staff/events/${eventId}/checkin/sync`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	return result.ok ? { ok: true, value: result.value.results } : result;
}
