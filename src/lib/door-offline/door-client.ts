/**
 * The door device's calls to the server (src/lib/door.ts has the contract). A 401 means the door
 * account is signed out: whatever the device keeps is wiped at once, queue included, because
 * names must not outlive the session that fetched them.
 */
import type { DoorList, QueuedCheckIn, SyncRequest, SyncResult } from '$lib/door';
import { localizeHref } from '$lib/paraglide/runtime';
import { wipeDevice } from './wipe';

/** 'rejected': the server refused the request as malformed (400); sending it again will not help. */
/**
 * The server's MAX_SYNC_ITEMS ($lib/schemas/door). Not imported from there: that module brings zod,
 * whose eval probe trips the door page's CSP. door-client.test.ts holds the two equal.
 */
export const SYNC_BATCH = 500;

export type Fetched<T> =
	| { ok: true; value: T }
	| { ok: false; reason: 'signed_out' | 'forbidden' | 'offline' | 'rejected' };

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
	if (response.status === 400) return { ok: false, reason: 'rejected' };
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

/**
 * Sends the queue in requests of at most SYNC_BATCH (the server refuses more). When a later
 * request fails for want of network, the answers so far are kept: the rest stays queued.
 */
export async function syncCheckIns(
	eventId: string,
	deviceId: string,
	checkIns: QueuedCheckIn[]
): Promise<Fetched<SyncResult[]>> {
	const answered: SyncResult[] = [];
	for (let start = 0; start < checkIns.length; start += SYNC_BATCH) {
		const body: SyncRequest = { deviceId, checkIns: checkIns.slice(start, start + SYNC_BATCH) };
		const result = await call<{ results: SyncResult[] }>(`/staff/events/${eventId}/checkin/sync`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (!result.ok) {
			return result.reason === 'offline' && answered.length > 0
				? { ok: true, value: answered }
				: result;
		}
		answered.push(...result.value.results);
	}
	return { ok: true, value: answered };
}
