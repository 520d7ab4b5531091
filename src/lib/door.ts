/**
 * What the door endpoints answer and the door device keeps: shared by the server
 * (src/lib/server/attendees/door-*.ts) and the door page, its camera and its offline shell.
 * The door sees names and organisation only: never email, phone or address.
 */

/** What a scan (or an offline check-in's sync) found. */
export type ScanOutcome =
	| 'checked_in' // now arrived
	| 'already' // arrived before: when and by whom in the answer
	| 'waitlisted' // on the waiting list
	| 'offer_pending' // offered a freed seat, not yet accepted
	| 'wrong_event' // a ticket of another event
	| 'cancelled' // the registration was cancelled: the ticket is void
	| 'unknown' // no ticket with this code
	| 'invalid'; // not a ticket code at all (wrong length or characters)

export interface ScanAnswer {
	outcome: ScanOutcome;
	registrationId?: string;
	name?: string;
	organisation?: string | null;
	/** ISO time of the arrival that stands ('checked_in', 'already'). */
	checkedInAt?: string;
	/** Display name of the staff user who checked them in ('already'). */
	checkedInBy?: string | null;
	/** For 'wrong_event', the event the ticket is for, when this account may see it. */
	eventTitle?: string;
}

/** POST /staff/events/{id}/checkin/scan, JSON. */
export interface ScanRequest {
	code: string;
	deviceId?: string;
}

/** One person in the list a door device keeps offline (GET /staff/events/{id}/checkin/list). */
export interface DoorPerson {
	id: string;
	/** Names empty (and organisation null) for the waiting list. */
	firstName: string;
	lastName: string;
	organisation: string | null;
	/** SHA-256 hex of the current ticket code; null when none (e.g. added by hand before tickets). */
	ticketHash: string | null;
	status: 'confirmed' | 'waitlisted';
	offerPending: boolean;
	checkedInAt: string | null;
}

export interface DoorList {
	event: { id: string; title: string; startsAt: string; endsAt: string };
	/** When the device must wipe the list: the end of the event's day (Europe/Helsinki). */
	wipeAfter: string;
	generatedAt: string;
	people: DoorPerson[];
	/** SHA-256 hex of void tickets (cancelled registrations), so offline scans can say "cancelled". */
	voidHashes: string[];
}

/** One queued offline check-in. */
export interface QueuedCheckIn {
	registrationId: string;
	/** ISO time on the device when it happened. */
	at: string;
	/** 'scan' when a ticket was scanned offline, 'search' when picked by name. */
	via: 'scan' | 'search';
}

/** POST /staff/events/{id}/checkin/sync, JSON. */
export interface SyncRequest {
	deviceId: string;
	checkIns: QueuedCheckIn[];
}

/** The server's answer for each queued check-in, in the same order. */
export interface SyncResult {
	registrationId: string;
	/** 'accepted': this one set the arrival; 'duplicate': another got there first (firstAt/firstBy);
	 *  'refused': cancelled or moved meanwhile; 'unknown': no such registration at this event. */
	outcome: 'accepted' | 'duplicate' | 'refused' | 'unknown';
	name?: string;
	firstAt?: string;
	firstBy?: string | null;
}
