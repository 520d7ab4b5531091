/**
 * The door device's JSON endpoints under /staff/events/{id}/checkin/ (scan, offline list, sync).
 * A device reads their answers as data: a lost session is 401 and a refusal 403, never a redirect
 * to an HTML page, which would look to it like being offline. One list for the session handle
 * (by path, before routing), the guard (by the route the router matched) and the access matrix.
 */
export const DOOR_DEVICE_ENDPOINTS = ['scan', 'list', 'sync'] as const;

const ENDPOINT = `(${DOOR_DEVICE_ENDPOINTS.join('|')})`;
const BY_PATH = new RegExp(`^/staff/events/[^/]+/checkin/${ENDPOINT}$`);
const BY_ROUTE = new RegExp(`^/staff/\\(app\\)/events/\\[id\\]/checkin/${ENDPOINT}$`);

/** A staff path without its locale prefix, such as /staff/events/{id}/checkin/list. */
export function isDoorDevicePath(path: string): boolean {
	return BY_PATH.test(path);
}

/** A route id as SvelteKit gives it, such as /staff/(app)/events/[id]/checkin/list. */
export function isDoorDeviceRoute(routeId: string | null): boolean {
	return BY_ROUTE.test(routeId ?? '');
}
