/**
 * The Permissions-Policy header. Every browser feature a page could ask for is off, except the
 * camera on the door's own pages, which scan tickets with it: the door page and its offline shell.
 * Matched by the route SvelteKit chose, not the raw path, so no spelling of a URL turns it on
 * anywhere else.
 */
const CAMERA_ROUTES = new Set(['/staff/(app)/events/[id]/checkin', '/staff/door']);

const OTHERS = 'microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

export function permissionsPolicy(routeId: string | null): string {
	const camera = routeId !== null && CAMERA_ROUTES.has(routeId) ? 'camera=(self)' : 'camera=()';
	return `${camera}, ${OTHERS}`;
}
