/**
 * Registering the door's service worker, from the door page and the offline shell only, with its
 * scope limited to the staff area of the page's language: public pages are never controlled.
 */
import { dev } from '$app/environment';
import { getLocale } from '$lib/paraglide/runtime';

/** `/staff/` or `/en/staff/`: what the worker controls, and where the shell and manifest are. */
export function staffScope(): string {
	return getLocale() === 'en' ? '/en/staff/' : '/staff/';
}

export function manifestHref(): string {
	return getLocale() === 'en' ? '/door/manifest-en.webmanifest' : '/door/manifest.webmanifest';
}

export function shellHref(eventId: string): string {
	return `${staffScope()}door?${new URLSearchParams({ event: eventId })}`;
}

export function offlineSupported(): boolean {
	return (
		'serviceWorker' in navigator &&
		'indexedDB' in globalThis &&
		'caches' in globalThis &&
		Boolean(globalThis.crypto?.subtle)
	);
}

export async function registerDoorWorker(): Promise<void> {
	if (!offlineSupported()) return;
	try {
		await navigator.serviceWorker.register('/service-worker.js', {
			scope: staffScope(),
			type: dev ? 'module' : 'classic'
		});
	} catch (error) {
		// Offline use is an extra: the door works online without it.
		console.warn('[ilmo] the door could not be prepared for offline use', error);
	}
}
