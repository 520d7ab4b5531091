import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { BadgeAudience, BadgeLayoutId } from '$lib/badge-layouts';
import type { Db } from '../db';
import { registration } from '../db/schema';
import { searchKey } from '../db/search-key';
import { linkedOrganisationSql, registrationPersonSql } from '../person/keys';
import { recordAttendees, type StaffActor } from './audit';

export interface BadgeRow {
	id: string;
	firstName: string;
	lastName: string;
	organisation: string | null;
}

const AUDIENCE = {
	confirmed: undefined,
	not_arrived: isNull(registration.checkedInAt),
	arrived: isNotNull(registration.checkedInAt)
} as const;

/**
 * Name badges for an event's confirmed registrants: name and organisation, nothing else (no email,
 * phone or address leaves on a badge). A print of names, so it is audited like the door list's
 * print, with the layout and audience as details.
 */
export async function listForBadges(
	db: Db,
	actor: StaffActor,
	eventId: string,
	options: { who: BadgeAudience; layout: BadgeLayoutId }
): Promise<BadgeRow[]> {
	const rows = await db
		.select({
			id: registration.id,
			firstName: registration.firstName,
			lastName: registration.lastName,
			organisation: linkedOrganisationSql(registrationPersonSql)
		})
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				eq(registration.status, 'confirmed'),
				AUDIENCE[options.who]
			)
		)
		.orderBy(
			asc(searchKey(registration.lastName)),
			asc(searchKey(registration.firstName)),
			asc(registration.id)
		);
	await recordAttendees(
		db,
		actor,
		'attendees.printed',
		{ type: 'event', id: eventId },
		{ count: rows.length, details: { view: 'badges', layout: options.layout, who: options.who } }
	);
	return rows;
}
