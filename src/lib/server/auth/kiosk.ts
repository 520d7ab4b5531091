import { and, eq } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import { staffSession } from '../db/schema';
import { reauthenticate, type Reauthentication } from './reauthenticate';

/** The kiosk's pages (sign-up form, thank-you screen) by the route id the router matched. */
const KIOSK_ROUTE = '/staff/(app)/events/[id]/kiosk';

/** The kiosk's own address for an event, without a locale. */
export function kioskPath(eventId: string): string {
	return `/staff/events/${eventId}/kiosk`;
}

/**
 * Whether a session may reach a route: an unlocked session reaches everything its role allows (the
 * guard checks that), a kiosk-locked one only its event's kiosk pages. Keyed on what the router
 * matched, not on the path, so an escape or a locale prefix cannot dress up another page as one.
 */
export function kioskAllows(
	kioskEventId: string | null,
	routeId: string | null,
	params: Partial<Record<string, string>>
): boolean {
	if (kioskEventId === null) return true;
	if (routeId === null) return false;
	const onKiosk = routeId === KIOSK_ROUTE || routeId.startsWith(`${KIOSK_ROUTE}/`);
	return onKiosk && params.id === kioskEventId;
}

interface KioskSession {
	sessionId: string;
	userId: string;
}

/** Locks this one session (this tablet) to an event's kiosk; the staff member's other devices stay as they are. */
export async function startKiosk(db: Db, who: KioskSession, eventId: string): Promise<void> {
	await db
		.update(staffSession)
		.set({ kioskEventId: eventId })
		.where(and(eq(staffSession.id, who.sessionId), eq(staffSession.userId, who.userId)));
	await audit.record(db, {
		action: 'kiosk.started',
		actor: { kind: 'staff', id: who.userId },
		subject: { type: 'event', id: eventId }
	});
}

/**
 * Leaving asks for the password of the account the tablet is signed in with: a visitor at the
 * stand can fill in the form but not walk from it into the register. Re-authentication is
 * throttled (reauthenticate.ts), so this form is no way to guess the password either.
 */
export async function stopKiosk(
	db: Db,
	who: KioskSession,
	eventId: string,
	password: string
): Promise<Reauthentication> {
	const checked = await reauthenticate(db, who.userId, password);
	if (!checked.ok) return checked;
	await db
		.update(staffSession)
		.set({ kioskEventId: null })
		.where(and(eq(staffSession.id, who.sessionId), eq(staffSession.userId, who.userId)));
	await audit.record(db, {
		action: 'kiosk.stopped',
		actor: { kind: 'staff', id: who.userId },
		subject: { type: 'event', id: eventId }
	});
	return checked;
}
