import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DoorList, DoorPerson } from '../../door';
import { formatLocalEventTime, parseLocalEventTime } from '../../datetime';
import type { Locale } from '../../paraglide/runtime';
import type { Db } from '../db';
import { registration, type Event } from '../db/schema';
import { searchKey } from '../db/search-key';
import * as events from '../events';
import { linkedOrganisationSql, registrationPersonSql } from '../person/keys';
import { recordAttendees, type StaffActor } from './audit';

/**
 * When a door device must wipe its list: midnight after the event's last day in Finnish time, so
 * an evening event's list lasts the evening and not a minute into the next day.
 */
export function wipeAfterOf(ev: Pick<Event, 'endsAt'>): Date {
	const lastDay = formatLocalEventTime(ev.endsAt).slice(0, 10);
	const next = new Date(`${lastDay}T12:00:00Z`);
	next.setUTCDate(next.getUTCDate() + 1);
	return parseLocalEventTime(`${next.toISOString().slice(0, 10)}T00:00`)!;
}

function peopleOf(db: Db, eventId: string) {
	return db
		.select({
			id: registration.id,
			firstName: registration.firstName,
			lastName: registration.lastName,
			organisation: linkedOrganisationSql(registrationPersonSql),
			ticketHash: registration.ticketHash,
			status: registration.status,
			offerExpiresAt: registration.offerExpiresAt,
			checkedInAt: registration.checkedInAt
		})
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				inArray(registration.status, ['confirmed', 'waitlisted'])
			)
		)
		.orderBy(
			asc(searchKey(registration.lastName)),
			asc(searchKey(registration.firstName)),
			asc(registration.id)
		);
}

/**
 * The list a door device keeps for working offline: who holds a seat (with name and organisation)
 * or waits for one (unnamed), and ticket hashes only, as the door sees online; and the hashes of
 * void tickets.
 * Audited as one `attendees.viewed` (view: 'door-offline') with the count handed over.
 */
export async function doorList(
	db: Db,
	actor: StaffActor,
	ev: Event,
	now: Date = new Date(),
	locale: Locale = 'fi'
): Promise<DoorList> {
	const rows = await peopleOf(db, ev.id);
	const voided = await db
		.select({ hash: registration.voidTicketHash })
		.from(registration)
		.where(
			and(
				eq(registration.eventId, ev.id),
				eq(registration.status, 'cancelled'),
				isNotNull(registration.voidTicketHash)
			)
		);
	await recordAttendees(
		db,
		actor,
		'attendees.viewed',
		{ type: 'event', id: ev.id },
		{ count: rows.length, details: { view: 'door-offline' } }
	);
	const people: DoorPerson[] = rows.map((row) => {
		// The door's name search shows confirmed people only, so the waiting list travels without
		// names: enough to answer a scanned ticket ("on the waiting list"), not to list anyone.
		const named = row.status === 'confirmed';
		return {
			id: row.id,
			firstName: named ? row.firstName : '',
			lastName: named ? row.lastName : '',
			organisation: named ? row.organisation : null,
			ticketHash: row.ticketHash,
			status: row.status as DoorPerson['status'],
			offerPending: row.offerExpiresAt !== null && row.offerExpiresAt > now,
			checkedInAt: row.checkedInAt?.toISOString() ?? null
		};
	});
	return {
		event: {
			id: ev.id,
			title: events.localised(ev, locale).title,
			startsAt: ev.startsAt.toISOString(),
			endsAt: ev.endsAt.toISOString()
		},
		wipeAfter: wipeAfterOf(ev).toISOString(),
		generatedAt: now.toISOString(),
		people,
		voidHashes: voided.map((row) => row.hash!)
	};
}

/** One confirmed person on the door page's lists. */
export interface DoorArrival {
	id: string;
	firstName: string;
	lastName: string;
	organisation: string | null;
	checkedInAt: Date | null;
}

/**
 * The door page's two lists of confirmed people, sorted by last and first name: those not yet
 * arrived (optionally only names starting with a typed prefix) and those in, with their arrival
 * time. One read, audited as `attendees.viewed` (view: 'door-list') with the count shown.
 */
export async function arrivalsAtDoor(
	db: Db,
	actor: StaffActor,
	eventId: string,
	prefix = ''
): Promise<{ waiting: DoorArrival[]; arrived: DoorArrival[] }> {
	const rows = await db
		.select({
			id: registration.id,
			firstName: registration.firstName,
			lastName: registration.lastName,
			organisation: linkedOrganisationSql(registrationPersonSql),
			checkedInAt: registration.checkedInAt
		})
		.from(registration)
		.where(and(eq(registration.eventId, eventId), eq(registration.status, 'confirmed')))
		.orderBy(
			asc(searchKey(registration.lastName)),
			asc(searchKey(registration.firstName)),
			asc(registration.id)
		);
	const typed = prefix.trim().toLocaleLowerCase('fi');
	const matches = (row: DoorArrival) =>
		!typed ||
		row.lastName.toLocaleLowerCase('fi').startsWith(typed) ||
		row.firstName.toLocaleLowerCase('fi').startsWith(typed) ||
		`${row.firstName} ${row.lastName}`.toLocaleLowerCase('fi').startsWith(typed);
	const waiting = rows.filter((row) => row.checkedInAt === null && matches(row));
	const arrived = rows.filter((row) => row.checkedInAt !== null);
	await recordAttendees(
		db,
		actor,
		'attendees.viewed',
		{ type: 'event', id: eventId },
		{ count: waiting.length + arrived.length, details: { view: 'door-list' } }
	);
	return { waiting, arrived };
}
