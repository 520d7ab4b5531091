/**
 * Removes everything the door device keeps: the sealed lists and queues, the app shell's cache and
 * the service worker. Called before signing out, on a 401 from a door endpoint, and by "Remove
 * from this device". The sign-out answer also carries Clear-Site-Data, so a device without
 * JavaScript at that moment is wiped all the same.
 */
import { deleteDatabase } from './store';

/** Every cache the service worker makes starts with this (src/service-worker.ts). */
export const CACHE_PREFIX = 'ilmo-door-';

export async function wipeDevice(): Promise<void> {
	await deleteDatabase();
	if ('caches' in globalThis) {
		for (const key of await caches.keys()) {
			if (key.startsWith(CACHE_PREFIX)) await caches.delete(key);
		}
	}
	if ('serviceWorker' in navigator) {
		for (const registration of await navigator.serviceWorker.getRegistrations()) {
			await registration.unregister();
		}
	}
}

/** Wipes, but gives up waiting after `ms` so that signing out never hangs on it. */
export function wipeDeviceWithin(ms: number): Promise<void> {
	return Promise.race([
		wipeDevice().catch(() => {}),
		new Promise<void>((resolve) => setTimeout(resolve, ms))
	]);
}
