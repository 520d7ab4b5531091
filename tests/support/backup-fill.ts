/**
 * Test data for the backup tests: something in every table, mostly through the domain, with values
 * that are easy to get subtly wrong (microseconds, quotes, newlines, emoji, nested JSON, a row that
 * points at a later row of its own table). A table added later without a line here makes
 * `emptyTables` name it, and the round-trip test fails until it gets data.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import {
	accessToken,
	appMeta,
	contactPerson,
	dataSubjectRequest,
	erasureJournal,
	event,
	eventMessage,
	eventMessageRecipient,
	eventReminder,
	eventSeries,
	marketingSuppression,
	marketingConsentRequest,
	marketingPermission,
	organisation,
	person,
	personAlias,
	rateLimit,
	registrantDismissal,
	checkIn,
	registration,
	registrationGroup,
	registrationGroupMember,
	reminderDelivery,
	retentionRun,
	eventImage,
	eventImageVariant,
	siteBrand,
	signInThrottle,
	staffRecoveryCode,
	staffSession,
	staffSetting,
	wording
} from '../../src/lib/server/db/schema';
import * as audit from '../../src/lib/server/audit';
import { register } from '../../src/lib/server/registrations';
import { makeStaff } from './attendees';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from './factories';
import { listTables, rows, table } from '../../src/lib/server/backup/tables';

const MICROSECONDS = sql`'2026-03-04 05:06:07.123456+02'::timestamptz`;
export const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const AWKWARD_TEXT = 'Rivi 1\nRivi "2" \\ — ÅÄÖ åäö 🚚\ttab';

export async function fillEveryTable(db: Db) {
	const ev = await makeEvent(db, { capacity: 1, phonePolicy: 'optional' });
	const signUp = (overrides: Parameters<typeof makeSignup>[0]) =>
		register(db, {
			event: ev,
			data: makeSignup(overrides),
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
	const confirmed = await signUp({
		firstName: 'Äijä',
		lastName: "O'Brien-Ñúñez",
		phone: '040 123 4567'
	});
	const waiting = await signUp({ firstName: 'Eero', lastName: 'Jonossa' });
	if (!confirmed.ok || !waiting.ok) throw new Error('sign-up failed');
	// Every ticket column holds a value: a current hash on one, a voided one on the other.
	await db
		.update(registration)
		.set({ ticketHash: 'c'.repeat(64), checkedInAt: MICROSECONDS })
		.where(eq(registration.id, confirmed.registrationId));
	await db
		.update(registration)
		.set({ ticketVersion: 2, ticketHash: null, voidTicketHash: 'd'.repeat(64) })
		.where(eq(registration.id, waiting.registrationId));
	const [reg] = await db
		.select()
		.from(registration)
		.where(eq(registration.id, confirmed.registrationId));

	const staff = await makeStaff(db, 'admin');
	await audit.record(db, {
		action: 'backup.test_filled',
		actor: { kind: 'staff', id: staff.id },
		subject: { type: 'event', id: ev.id },
		count: 2,
		details: { nested: { list: [1, 2.5, 'x', null] }, large: 9007199254740991, text: AWKWARD_TEXT }
	});
	await db
		.insert(staffSession)
		.values({ id: 'a'.repeat(64), userId: staff.id, expiresAt: MICROSECONDS });
	await db.insert(staffRecoveryCode).values({ userId: staff.id, codeHash: 'b'.repeat(64) });
	await db.insert(staffSetting).values({ key: 'door.window_hours', value: '6' });
	await db
		.insert(signInThrottle)
		.values({ key: 'account:x', failures: 3, blockedUntil: MICROSECONDS });
	await db.insert(rateLimit).values({
		bucket: 'signup',
		keyHash: 'c'.repeat(64),
		windowStart: MICROSECONDS,
		windowEnd: sql`'2026-03-04 05:16:07.123456+02'::timestamptz`,
		hits: 4
	});
	await db.insert(appMeta).values({ key: 'backup.test', value: AWKWARD_TEXT });

	const [org] = await db
		.insert(organisation)
		.values({
			name: 'Kuljetus Oy',
			businessId: '1234567-1',
			notes: AWKWARD_TEXT,
			archivedAt: MICROSECONDS,
			createdBy: staff.id
		})
		.returning();
	const [other] = await db.insert(person).values({}).returning();
	// The merged-away record sorts first by key but points at the second: the file holds it before
	// the row it refers to, which a row-by-row load would refuse.
	const survivor = 'ffffffff-0000-4000-8000-000000000002';
	await db.insert(contactPerson).values({
		id: survivor,
		personId: other!.id,
		organisationId: org!.id,
		firstName: 'Saara',
		lastName: 'Säilyvä',
		source: 'manual',
		basis: 'customer_relationship'
	});
	await db.insert(contactPerson).values({
		id: '00000000-0000-4000-8000-000000000001',
		personId: reg!.personId,
		organisationId: org!.id,
		firstName: reg!.firstName,
		lastName: reg!.lastName,
		email: reg!.email,
		source: 'registration',
		basis: 'legitimate_interest',
		fromRegistrationId: reg!.id,
		mergedIntoId: survivor,
		createdBy: staff.id
	});
	await db
		.insert(personAlias)
		.values({ personId: reg!.personId, canonicalId: other!.id, reason: 'merge' });
	await db.insert(registrantDismissal).values({ personId: other!.id, dismissedBy: staff.id });

	const [text] = await db
		.insert(wording)
		.values({ key: 'news.email', version: 'test-1', locale: 'fi', text: AWKWARD_TEXT })
		.returning();
	await db.insert(marketingPermission).values({
		personId: other!.id,
		channel: 'email',
		decision: 'granted',
		basis: 'consent',
		source: 'staff',
		wordingId: text!.id,
		note: 'asked by phone',
		recordedByStaff: staff.id
	});
	await db.insert(marketingConsentRequest).values({
		personId: reg!.personId,
		channel: 'email',
		wordingId: text!.id,
		tokenHash: 'd'.repeat(64),
		email: reg!.email!,
		locale: 'fi',
		expiresAt: MICROSECONDS
	});

	await db.insert(dataSubjectRequest).values({
		kind: 'access',
		channel: 'phone',
		personId: other!.id,
		note: AWKWARD_TEXT,
		receivedAt: MICROSECONDS,
		dueAt: sql`'2026-04-04 05:06:07.123456+02'::timestamptz`,
		createdBy: staff.id
	});
	await db.insert(marketingSuppression).values({ hmac: 'e'.repeat(64), kind: 'email' });
	// Someone erased long ago: the journal names records that are gone (arrays of three types).
	await db.insert(erasureJournal).values({
		erasedAt: MICROSECONDS,
		personKeys: ['11111111-1111-4111-8111-111111111111'],
		registrationIds: [],
		contactIds: [],
		organisationIds: [],
		requestIds: [],
		outboxIds: [9007199254740991],
		emailHmacs: ['e'.repeat(64)],
		phoneHmacs: [],
		suppressed: true
	});
	const [series] = await db.insert(eventSeries).values({}).returning();
	await db.update(event).set({ seriesId: series!.id }).where(eq(event.id, ev.id));
	const [reminder] = await db
		.insert(eventReminder)
		.values({ eventId: ev.id, hours: 24, bodySv: AWKWARD_TEXT, sentAt: MICROSECONDS })
		.returning();
	await db
		.insert(reminderDelivery)
		.values({ reminderId: reminder!.id, registrationId: reg!.id, outboxId: 1 });
	const [message] = await db
		.insert(eventMessage)
		.values({
			eventId: ev.id,
			authorId: staff.id,
			audience: ['confirmed', 'checked_in'],
			subjectFi: 'Tervetuloa',
			bodyFi: AWKWARD_TEXT,
			status: 'sent',
			recipientCount: 1
		})
		.returning();
	await db
		.insert(eventMessageRecipient)
		.values({ messageId: message!.id, registrationId: reg!.id, outboxId: 2 });
	await db.insert(checkIn).values({
		registrationId: reg!.id,
		eventId: ev.id,
		staffUserId: staff.id,
		deviceId: AWKWARD_TEXT,
		source: 'offline',
		outcome: 'accepted',
		at: MICROSECONDS
	});
	// Every byte value, a newline and a NUL among them: bytea must come back byte for byte.
	await db.insert(eventImage).values({
		eventId: ev.id,
		hash: 'AbC-_123',
		width: 2,
		height: 1,
		altFi: AWKWARD_TEXT,
		people: 'none',
		confirmedBy: staff.id,
		createdAt: MICROSECONDS
	});
	await db
		.insert(eventImageVariant)
		.values({ eventId: ev.id, width: 2, height: 1, format: 'webp', bytes: EVERY_BYTE });
	await db.insert(siteBrand).values({
		name: AWKWARD_TEXT,
		colour: '#123456',
		footerLinks: [{ labelFi: 'Kotisivu', labelSv: 'Hem', labelEn: 'Home', url: 'https://e.fi' }],
		logoSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
		logoPng: EVERY_BYTE,
		logoWidth: 2,
		logoHeight: 1,
		logoHash: 'h1',
		updatedBy: staff.id
	});
	// A group whose booker attends (the confirmed registrant) and one attendee with no registration
	// of its own; the booker's group link points at it.
	const [group] = await db
		.insert(registrationGroup)
		.values({
			eventId: ev.id,
			bookerPersonId: reg!.personId,
			bookerFirstName: AWKWARD_TEXT,
			bookerLastName: 'Bokare',
			bookerEmail: 'Booker@Example.fi',
			bookerEmailNormalised: 'booker@example.fi',
			bookerAttends: true,
			mode: 'all_or_none',
			locale: 'sv',
			noticeVersion: 'v1',
			purgeAfter: MICROSECONDS,
			createdAt: MICROSECONDS
		})
		.returning();
	await db.insert(registrationGroupMember).values([
		{
			groupId: group!.id,
			position: 1,
			registrationId: reg!.id,
			isBooker: true,
			firstName: AWKWARD_TEXT,
			lastName: 'Bokare',
			email: 'Booker@Example.fi',
			answeredStatus: 'confirmed'
		},
		{
			groupId: group!.id,
			position: 2,
			registrationId: null,
			firstName: 'Eero',
			lastName: 'Ei-postia',
			answeredStatus: 'waitlisted',
			cancelledAt: MICROSECONDS
		}
	]);
	await db
		.insert(accessToken)
		.values({ tokenHash: 'group-token-hash', purpose: 'group', groupId: group!.id });
	await db.insert(retentionRun).values({
		trigger: 'cli',
		dryRun: true,
		startedAt: MICROSECONDS,
		finishedAt: MICROSECONDS,
		counts: { registrationsAnonymised: 0 }
	});
	return { registration: reg!, mergedContactId: '00000000-0000-4000-8000-000000000001' };
}

export async function emptyTables(db: Db): Promise<string[]> {
	const empty: string[] = [];
	for (const info of await listTables(db)) {
		const [row] = await rows<{ filled: boolean }>(
			db,
			sql`SELECT EXISTS (SELECT 1 FROM ${table(info.name)}) AS filled`
		);
		if (!row?.filled) empty.push(info.name);
	}
	return empty;
}

/** Audit rows about the backup itself differ by design between source and target. */
const ABOUT_BACKUPS = sql`action NOT IN ('backup.created', 'backup.restored')`;

/** Every row of every table as PostgreSQL's text of the row, sorted: equal means restored exactly. */
export async function dumpAll(db: Db): Promise<Record<string, string[]>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
		await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
		await tx.execute(sql`SET LOCAL extra_float_digits = 3`);
		const dump: Record<string, string[]> = {};
		for (const info of await listTables(tx)) {
			const where = info.name === 'audit_event' ? sql` WHERE ${ABOUT_BACKUPS}` : sql``;
			const found = await rows<{ row: string }>(
				tx,
				sql`SELECT record_out(t.*)::text AS row FROM ${table(info.name)} t${where}`
			);
			dump[info.name] = found.map((r) => r.row).sort();
		}
		return dump;
	});
}
