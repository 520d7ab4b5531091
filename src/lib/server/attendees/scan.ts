import { eq } from 'drizzle-orm';
import type { ScanAnswer } from '../../door';
import type { Locale } from '../../paraglide/runtime';
import { normaliseTicketCode } from '../../ticket-code';
import type { Db } from '../db';
import { registration, type StaffRole } from '../db/schema';
import * as events from '../events';
import { ticketHash } from '../tickets/code';
import { hasRight } from '../auth/access';
import { linkedOrganisationSql, registrationPersonSql } from '../person/keys';
import { recordAttendees, type StaffActor } from './audit';
import { arrivedBy, markArrival, openDoor } from './checkin';

/** A door account scanning: who it is, and its role (what it may learn of other events). */
export type DoorActor = StaffActor & { role: StaffRole };

/**
 * A scanned or typed ticket code at the door of `eventId`: the hot path, so one indexed lookup by
 * the code's hash and, for a confirmed registrant, the conditional update of the check-in.
 *
 * What it reveals: a name and organisation only for a ticket of this event that is still held,
 * as the name search would: a confirmed one, or a waiting one to an account that may see the
 * attendee list (the door role's search shows confirmed people only); a void ticket says "cancelled" without a
 * name, as the device's offline list can (it keeps void hashes only); another event's ticket says
 * which event only to an account that may open that event's door.
 *
 * Audit: a scan that checks someone in is the `registration.checked_in` row (details: source
 * 'scan'), which already names who was seen; folding it there keeps the hot path to one write
 * transaction. Any other scan that shows a name is an `attendees.viewed` (view: 'door-scan').
 */
export async function scanTicket(
	db: Db,
	actor: DoorActor,
	eventId: string,
	input: string,
	deviceId: string | null = null,
	now: Date = new Date(),
	locale: Locale = 'fi'
): Promise<ScanAnswer> {
	const code = normaliseTicketCode(input);
	if (!code) return { outcome: 'invalid' };
	const hash = ticketHash(code);
	const [held] = await db
		.select({
			id: registration.id,
			eventId: registration.eventId,
			status: registration.status,
			offerExpiresAt: registration.offerExpiresAt,
			firstName: registration.firstName,
			lastName: registration.lastName,
			organisation: linkedOrganisationSql(registrationPersonSql)
		})
		.from(registration)
		.where(eq(registration.ticketHash, hash));
	if (!held) return voidTicket(db, actor, eventId, hash, now, locale);
	if (held.eventId !== eventId) return wrongEvent(db, actor, held.eventId, now, locale);

	const person = {
		registrationId: held.id,
		name: `${held.firstName} ${held.lastName}`,
		organisation: held.organisation
	};
	if (held.status === 'confirmed') {
		const result = await markArrival(
			db,
			actor,
			{ eventId, registrationId: held.id, arrived: true },
			{},
			now,
			{ source: 'scan', deviceId }
		);
		if (result.ok && result.changed) {
			return { outcome: 'checked_in', ...person, checkedInAt: now.toISOString() };
		}
		if (result.ok) {
			await viewed(db, actor, eventId);
			return {
				outcome: 'already',
				...person,
				checkedInAt: result.checkedInAt?.toISOString(),
				checkedInBy: await arrivedBy(db, held.id)
			};
		}
		// Cancelled or moved between the lookup and the update: the ticket no longer holds a seat here.
		return { outcome: 'cancelled' };
	}
	if (held.status === 'waitlisted') {
		const offered = held.offerExpiresAt !== null && held.offerExpiresAt > now;
		const outcome = offered ? 'offer_pending' : 'waitlisted';
		// The door's name search lists confirmed people only; the waiting list's names are for
		// accounts that may see the attendee list.
		if (!hasRight(actor.role, 'attendees.view')) return { outcome, registrationId: held.id };
		await viewed(db, actor, eventId);
		return { outcome, ...person };
	}
	// A cancelled registration keeps no current hash; this only guards a row written otherwise.
	return { outcome: 'cancelled' };
}

function viewed(db: Db, actor: StaffActor, eventId: string) {
	return recordAttendees(
		db,
		actor,
		'attendees.viewed',
		{ type: 'event', id: eventId },
		{ count: 1, details: { view: 'door-scan' } }
	);
}

async function voidTicket(
	db: Db,
	actor: DoorActor,
	eventId: string,
	hash: string,
	now: Date,
	locale: Locale
): Promise<ScanAnswer> {
	const [voided] = await db
		.select({ eventId: registration.eventId })
		.from(registration)
		.where(eq(registration.voidTicketHash, hash))
		.limit(1);
	if (!voided) return { outcome: 'unknown' };
	if (voided.eventId !== eventId) return wrongEvent(db, actor, voided.eventId, now, locale);
	return { outcome: 'cancelled' };
}

/** Another event's ticket: its title only if this account could open that event's door anyway. */
async function wrongEvent(
	db: Db,
	actor: DoorActor,
	otherId: string,
	now: Date,
	locale: Locale
): Promise<ScanAnswer> {
	const access = await openDoor(db, actor.role, otherId, now);
	if (!access.ok) return { outcome: 'wrong_event' };
	return { outcome: 'wrong_event', eventTitle: events.localised(access.event, locale).title };
}
