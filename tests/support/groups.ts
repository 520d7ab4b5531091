import type { Db } from '../../src/lib/server/db';
import {
	accessToken,
	person,
	registration,
	registrationGroup,
	registrationGroupMember,
	type Event,
	type GroupMode,
	type RegistrationGroup,
	type RegistrationGroupMember
} from '../../src/lib/server/db/schema';
import { normaliseEmail } from '../../src/lib/server/person/email';
import { NOTICE_VERSION } from '../../src/lib/server/privacy/notice';
import { generateToken, hashToken } from '../../src/lib/server/tokens';
import { eq } from 'drizzle-orm';
import type { RegistrationScene } from './registration-fixtures';

export interface GroupAttendee {
	firstName: string;
	lastName: string;
	email?: string;
	/** Stored nothing new for them (their email was already registered): registration_id null. */
	existing?: boolean;
}

export interface MadeGroup {
	group: RegistrationGroup;
	members: RegistrationGroupMember[];
	/** The booker's group page token (purpose 'group'). */
	token: string;
}

/**
 * A group as a booker's sign-up leaves it, built from rows: each attendee signs up through the
 * public path (their own registration and person key), then the group, its members in the order
 * given and the booker's token. When `bookerAttends`, the first attendee is the booker.
 */
export async function makeGroup(
	scene: RegistrationScene,
	ev: Event,
	options: {
		booker: { firstName: string; lastName: string; email: string };
		bookerAttends?: boolean;
		attendees: GroupAttendee[];
		mode?: GroupMode;
		locale?: 'fi' | 'sv' | 'en';
	}
): Promise<MadeGroup> {
	const db: Db = scene.db;
	const bookerAttends = options.bookerAttends ?? false;
	const signed: {
		attendee: GroupAttendee;
		registrationId: string | null;
		status: 'confirmed' | 'waitlisted';
	}[] = [];
	let bookerPersonId: string | null = null;
	for (const [index, attendee] of options.attendees.entries()) {
		const result = await scene.signUp(ev, {
			data: {
				firstName: attendee.firstName,
				lastName: attendee.lastName,
				email: attendee.email ?? `no-email.${crypto.randomUUID()}@example.invalid`
			},
			locale: options.locale
		});
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		// An attendee entered without an email has none stored, like a staff-added registrant.
		if (!attendee.email) {
			await db
				.update(registration)
				.set({ email: null, emailNormalised: null })
				.where(eq(registration.id, result.registrationId));
		}
		const id = attendee.existing || result.duplicate ? null : result.registrationId;
		signed.push({ attendee, registrationId: id, status: result.status });
		if (bookerAttends && index === 0) {
			const [row] = await db
				.select({ personId: registration.personId })
				.from(registration)
				.where(eq(registration.id, result.registrationId));
			bookerPersonId = row!.personId;
		}
	}
	if (!bookerPersonId) {
		const [made] = await db.insert(person).values({}).returning();
		bookerPersonId = made!.id;
	}
	const [group] = await db
		.insert(registrationGroup)
		.values({
			eventId: ev.id,
			bookerPersonId,
			bookerFirstName: options.booker.firstName,
			bookerLastName: options.booker.lastName,
			bookerEmail: options.booker.email,
			bookerEmailNormalised: normaliseEmail(options.booker.email),
			bookerAttends,
			mode: options.mode ?? 'fill_then_wait',
			locale: options.locale ?? 'fi',
			noticeVersion: NOTICE_VERSION,
			purgeAfter: new Date(ev.endsAt.getTime() + 30 * 86_400_000)
		})
		.returning();
	const members = await db
		.insert(registrationGroupMember)
		.values(
			signed.map((s, index) => ({
				groupId: group!.id,
				position: index + 1,
				registrationId: s.registrationId,
				isBooker: bookerAttends && index === 0,
				firstName: s.attendee.firstName,
				lastName: s.attendee.lastName,
				email: s.attendee.email ?? null,
				answeredStatus: s.status
			}))
		)
		.returning();
	const token = generateToken();
	await db
		.insert(accessToken)
		.values({ tokenHash: hashToken(token), purpose: 'group', groupId: group!.id });
	return { group: group!, members: members.sort((a, b) => a.position - b.position), token };
}
