/**
 * A group's personal data for the data-subject requests: what a booker is shown of the groups they
 * booked, the source an attendee is told ("registered by {booker} on {date}", Art. 14/15), and the
 * erasure of either. Works from person keys, registration ids and email HMACs only, so the erasure
 * journal can drive it again after a restore.
 */
import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	accessToken,
	event,
	person,
	registration,
	registrationGroup,
	registrationGroupMember
} from '../db/schema';
import { normaliseOptionalEmail } from '../person/email';
import { suppressionHmac } from '../suppression';

export interface BookedGroup {
	event: {
		titleFi: string;
		titleSv: string;
		titleEn: string;
		startsAt: string;
		location: string;
	};
	bookedAt: string;
	mode: 'all_or_none' | 'fill_then_wait';
	attends: boolean;
	/** The booker's contact details as the group holds them (null once erased). */
	booker: { firstName: string | null; lastName: string | null; email: string | null };
	/** The attendees as the booker entered them. */
	attendees: {
		position: number;
		firstName: string | null;
		lastName: string | null;
		email: string | null;
		cancelledByYou: boolean;
	}[];
	deletedAfter: string;
}

/** The groups a person booked: by their person keys or the booker email they gave. */
export async function groupsBookedBy(
	db: Db | Tx,
	who: { personKeys: string[]; email: string | null }
): Promise<BookedGroup[]> {
	const match = or(
		who.personKeys.length > 0
			? inArray(registrationGroup.bookerPersonId, who.personKeys)
			: undefined,
		who.email ? eq(registrationGroup.bookerEmailNormalised, who.email) : undefined
	);
	if (!match) return [];
	const groups = await db
		.select({ group: registrationGroup, event })
		.from(registrationGroup)
		.innerJoin(event, eq(event.id, registrationGroup.eventId))
		.where(match)
		.orderBy(asc(registrationGroup.createdAt));
	if (groups.length === 0) return [];
	const members = await db
		.select()
		.from(registrationGroupMember)
		.where(
			inArray(
				registrationGroupMember.groupId,
				groups.map((g) => g.group.id)
			)
		)
		.orderBy(asc(registrationGroupMember.position));
	return groups.map(({ group, event: ev }) => ({
		event: {
			titleFi: ev.titleFi,
			titleSv: ev.titleSv,
			titleEn: ev.titleEn,
			startsAt: ev.startsAt.toISOString(),
			location: ev.location
		},
		bookedAt: group.createdAt.toISOString(),
		mode: group.mode,
		attends: group.bookerAttends,
		booker: {
			firstName: group.bookerFirstName,
			lastName: group.bookerLastName,
			email: group.bookerEmail
		},
		attendees: members
			.filter((m) => m.groupId === group.id)
			.map((m) => ({
				position: m.position,
				firstName: m.firstName,
				lastName: m.lastName,
				email: m.email,
				cancelledByYou: m.cancelledAt !== null
			})),
		deletedAfter: group.purgeAfter.toISOString()
	}));
}

/** Who registered someone else: the source an attendee's registration came from. */
export interface GroupSource {
	registeredBy: string;
	on: string;
}

/**
 * The source of each registration a booker made for someone else, by registration id. The booker's
 * own seat in their group has no other source than themselves, so it is left out.
 */
export async function groupSourcesOf(
	db: Db | Tx,
	registrationIds: string[]
): Promise<Map<string, GroupSource>> {
	if (registrationIds.length === 0) return new Map();
	const rows = await db
		.select({
			registrationId: registrationGroupMember.registrationId,
			firstName: registrationGroup.bookerFirstName,
			lastName: registrationGroup.bookerLastName,
			on: registrationGroup.createdAt
		})
		.from(registrationGroupMember)
		.innerJoin(registrationGroup, eq(registrationGroup.id, registrationGroupMember.groupId))
		.where(
			and(
				inArray(registrationGroupMember.registrationId, registrationIds),
				eq(registrationGroupMember.isBooker, false)
			)
		);
	return new Map(
		rows.map((row) => [
			row.registrationId!,
			{
				// An erased booker is no longer named; the fact that someone registered them stays.
				registeredBy: [row.firstName, row.lastName].filter(Boolean).join(' ') || '–',
				on: row.on.toISOString()
			}
		])
	);
}

/** A member row that is the subject, as a booker entered them (Art. 14/15: the data and its source). */
export interface EnteredByOther {
	event: { titleFi: string; titleSv: string; titleEn: string; startsAt: string };
	enteredBy: string;
	on: string;
	firstName: string | null;
	lastName: string | null;
	email: string | null;
}

/**
 * Every attendee row a booker entered for the subject: by their registrations, and by the email
 * entered (as erasure finds them), which also finds a row with no registration of its own (the
 * email was already registered for the event). The booker's own row is their own data, left out.
 */
export async function enteredByOthers(
	db: Db | Tx,
	who: { registrationIds: string[]; emails: string[] }
): Promise<EnteredByOther[]> {
	const byRegistration =
		who.registrationIds.length > 0
			? inArray(registrationGroupMember.registrationId, who.registrationIds)
			: undefined;
	const byEmail = who.emails.length > 0 ? isNotNull(registrationGroupMember.email) : undefined;
	const match = or(byRegistration, byEmail);
	if (!match) return [];
	const rows = await db
		.select({ member: registrationGroupMember, group: registrationGroup, event })
		.from(registrationGroupMember)
		.innerJoin(registrationGroup, eq(registrationGroup.id, registrationGroupMember.groupId))
		.innerJoin(event, eq(event.id, registrationGroup.eventId))
		.where(and(eq(registrationGroupMember.isBooker, false), match))
		.orderBy(asc(registrationGroup.createdAt), asc(registrationGroupMember.position));
	return rows
		.filter(
			({ member }) =>
				(member.registrationId !== null && who.registrationIds.includes(member.registrationId)) ||
				who.emails.includes(normaliseOptionalEmail(member.email) ?? '')
		)
		.map(({ member, group, event: ev }) => ({
			event: {
				titleFi: ev.titleFi,
				titleSv: ev.titleSv,
				titleEn: ev.titleEn,
				startsAt: ev.startsAt.toISOString()
			},
			enteredBy: [group.bookerFirstName, group.bookerLastName].filter(Boolean).join(' ') || '–',
			on: group.createdAt.toISOString(),
			firstName: member.firstName,
			lastName: member.lastName,
			email: member.email
		}));
}

export interface GroupErasureTarget {
	personKeys: string[];
	registrationIds: string[];
	emailHmacs: string[];
}

/**
 * Erases a person from the group tables. As a booker: the booker columns are cleared, the group's
 * links deleted, and the group is moved to a person key of its own, so the erased key can go while
 * the attendees' registrations (other people's) stay. As an attendee: the name and email the booker
 * entered are cleared on every member row that is theirs (by registration, or by the entered
 * email's HMAC, which also finds a member with no registration of its own). Idempotent.
 */
export async function eraseFromGroups(
	tx: Tx,
	target: GroupErasureTarget,
	key: string | undefined
): Promise<{ groups: number; members: number }> {
	const booked =
		target.personKeys.length === 0
			? []
			: await tx
					.select({ id: registrationGroup.id })
					.from(registrationGroup)
					.where(inArray(registrationGroup.bookerPersonId, target.personKeys));
	for (const group of booked) {
		const [fresh] = await tx.insert(person).values({}).returning({ id: person.id });
		await tx
			.update(registrationGroup)
			.set({
				bookerPersonId: fresh!.id,
				bookerFirstName: null,
				bookerLastName: null,
				bookerEmail: null,
				bookerEmailNormalised: null,
				updatedAt: new Date()
			})
			.where(eq(registrationGroup.id, group.id));
	}
	if (booked.length > 0) {
		await tx.delete(accessToken).where(
			inArray(
				accessToken.groupId,
				booked.map((g) => g.id)
			)
		);
	}
	const held = await tx
		.select({
			id: registrationGroupMember.id,
			registrationId: registrationGroupMember.registrationId,
			email: registrationGroupMember.email
		})
		.from(registrationGroupMember)
		.where(
			or(
				isNotNull(registrationGroupMember.email),
				isNotNull(registrationGroupMember.firstName),
				isNotNull(registrationGroupMember.lastName)
			)
		);
	const theirs = held
		.filter(
			(m) =>
				(m.registrationId !== null && target.registrationIds.includes(m.registrationId)) ||
				(m.email !== null &&
					target.emailHmacs.includes(suppressionHmac('email', m.email, key) ?? ''))
		)
		.map((m) => m.id);
	if (theirs.length > 0) {
		await tx
			.update(registrationGroupMember)
			.set({ firstName: null, lastName: null, email: null })
			.where(inArray(registrationGroupMember.id, theirs));
	}
	return { groups: booked.length, members: theirs.length };
}

/**
 * For a registrant's own download: each of their registrations (by email) that a group's booker
 * made for them, with the event and who registered them when.
 */
export async function registeredByOthers(db: Db | Tx, emailNormalised: string) {
	const rows = await db
		.select({ id: registration.id, titleFi: event.titleFi, startsAt: event.startsAt })
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(eq(registration.emailNormalised, emailNormalised));
	const sources = await groupSourcesOf(
		db,
		rows.map((row) => row.id)
	);
	return rows
		.filter((row) => sources.has(row.id))
		.map((row) => ({
			event: { titleFi: row.titleFi, startsAt: row.startsAt.toISOString() },
			...sources.get(row.id)!
		}));
}
