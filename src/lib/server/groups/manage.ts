import { and, asc, eq, isNull } from 'drizzle-orm';
import { formatEventRange } from '../../datetime';
import { localised } from '../../event-text';
import type { Locale } from '../../locale';
import type { Db, Tx } from '../db';
import {
	event,
	registration,
	registrationGroup,
	registrationGroupMember,
	type Event,
	type RegistrationGroup
} from '../db/schema';
import * as mail from '../mail';
import type { MailContext } from '../mail-context';
import { cancelInTx } from '../registrations/cancel';
import * as tokens from '../tokens';

export type MemberStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** One attendee as the booker entered them, with where their registration stands now. */
export interface GroupMemberView {
	id: string;
	position: number;
	isBooker: boolean;
	firstName: string | null;
	lastName: string | null;
	email: string | null;
	registrationId: string | null;
	status: MemberStatus;
}

export interface GroupView {
	group: RegistrationGroup;
	event: Event;
	members: GroupMemberView[];
}

/**
 * A member's status for the booker: the linked registration's current one; for a member with no
 * registration of its own (the email was already registered: the booker must not learn that),
 * what the booker was told at sign-up, until the booker cancels them.
 */
function statusOf(
	member: { cancelledAt: Date | null; answeredStatus: string },
	current: string | null
): MemberStatus {
	if (member.cancelledAt) return 'cancelled';
	const status = current ?? member.answeredStatus;
	return status === 'confirmed' || status === 'waitlisted' ? status : 'cancelled';
}

async function loadGroup(db: Db | Tx, groupId: string): Promise<GroupView | null> {
	const [found] = await db
		.select({ group: registrationGroup, event })
		.from(registrationGroup)
		.innerJoin(event, eq(event.id, registrationGroup.eventId))
		.where(eq(registrationGroup.id, groupId));
	if (!found) return null;
	const rows = await db
		.select({ member: registrationGroupMember, current: registration.status })
		.from(registrationGroupMember)
		.leftJoin(registration, eq(registration.id, registrationGroupMember.registrationId))
		.where(eq(registrationGroupMember.groupId, groupId))
		.orderBy(asc(registrationGroupMember.position));
	return {
		...found,
		// As entered: the names and emails the booker typed, never an attendee's own corrections.
		members: rows.map(({ member, current }) => ({
			id: member.id,
			position: member.position,
			isBooker: member.isBooker,
			firstName: member.firstName,
			lastName: member.lastName,
			email: member.email,
			registrationId: member.registrationId,
			status: statusOf(member, current)
		}))
	};
}

/** The group a booker's link opens, or null for an unknown, expired or revoked one. */
export async function findGroupByToken(db: Db, token: string): Promise<GroupView | null> {
	const row = await tokens.find(db, token, 'group');
	if (!row?.groupId) return null;
	return loadGroup(db, row.groupId);
}

export type GroupCancelResult = { ok: true; cancelled: number } | { ok: false };

/**
 * Cancels one member inside the transaction. A registration goes through the ordinary cancel (the
 * seat passes to the waiting list; the attendee is mailed that the booker cancelled it); a member
 * with none is only marked. Exactly once under concurrency: the registration row is locked and
 * re-read, the member row updated only while not yet cancelled.
 */
async function cancelOne(
	tx: Tx,
	view: GroupView,
	member: GroupMemberView,
	context: MailContext,
	now: Date
): Promise<boolean> {
	if (member.registrationId) {
		// Staff may have moved the attendee to another date of the series: the seat to release, and
		// the date the mail names, are the registration's own, not the group's event.
		const [where] = await tx
			.select({ eventId: registration.eventId })
			.from(registration)
			.where(eq(registration.id, member.registrationId));
		if (!where) return false;
		const result = await cancelInTx(
			tx,
			where.eventId,
			member.registrationId,
			context,
			now,
			'cancelled_by_booker'
		);
		if (!result.ok) return false;
	}
	const marked = await tx
		.update(registrationGroupMember)
		.set({ cancelledAt: now })
		.where(
			and(eq(registrationGroupMember.id, member.id), isNull(registrationGroupMember.cancelledAt))
		)
		.returning({ id: registrationGroupMember.id });
	return member.registrationId !== null || marked.length > 0;
}

/** The booker cancels one attendee of the group; the others stay as they are. */
export async function cancelMember(
	db: Db,
	view: GroupView,
	memberId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<GroupCancelResult> {
	const member = view.members.find((m) => m.id === memberId && m.status !== 'cancelled');
	if (!member) return { ok: false };
	const done = await db.transaction((tx) => cancelOne(tx, view, member, context, now));
	if (!done) return { ok: false };
	mail.wake();
	return { ok: true, cancelled: 1 };
}

/** The booker cancels every attendee still registered, in the order entered, in one transaction. */
export async function cancelAll(
	db: Db,
	view: GroupView,
	context: MailContext,
	now: Date = new Date()
): Promise<GroupCancelResult> {
	const remaining = view.members.filter((m) => m.status !== 'cancelled');
	if (remaining.length === 0) return { ok: false };
	const cancelled = await db.transaction(async (tx) => {
		let count = 0;
		for (const member of remaining) {
			if (await cancelOne(tx, view, member, context, now)) count++;
		}
		return count;
	});
	if (cancelled === 0) return { ok: false };
	mail.wake();
	return { ok: true, cancelled };
}

/** The group page's facts in the page's language. */
export function presentGroup(view: GroupView, locale: Locale) {
	const { group, event: ev } = view;
	return {
		title: localised(ev, locale).title,
		when: formatEventRange(ev.startsAt, ev.endsAt, locale),
		startsAtIso: ev.startsAt.toISOString(),
		location: ev.location,
		booker: {
			name: [group.bookerFirstName, group.bookerLastName].filter(Boolean).join(' '),
			email: group.bookerEmail
		},
		members: view.members.map((member) => ({
			id: member.id,
			name: [member.firstName, member.lastName].filter(Boolean).join(' '),
			email: member.email,
			isBooker: member.isBooker,
			status: member.status
		}))
	};
}
