import { rowsOf } from '../db/rows';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStaffScene } from '$tests/scene';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
	auditEvent,
	checkIn,
	dataSubjectRequest,
	erasureJournal,
	event,
	eventMessage,
	eventMessageRecipient,
	eventReminder,
	marketingSuppression,
	organisation,
	person,
	registration,
	reminderDelivery,
	type Event
} from '../db/schema';
import { createContactFromRegistration } from '../contacts/linking';
import { recordDecision, requestEmailConsent, stateOf } from '../permissions';
import {
	applySuppression,
	applySuppressionToContacts,
	confirmVerification,
	createRequest,
	erasePerson,
	ERASED_FIRST_NAME,
	isSuppressed,
	previewErasure,
	reapplyErasureJournal,
	sendVerification
} from '.';
import { ADMIN_PASSWORD, findInClear, latestVerificationToken, makeAdmin } from '$tests/requests';
import { DATABASE_KINDS } from '$tests/databases';
import * as fixtures from '$tests/contacts-fixtures';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { backfillTickets, ticketHashFor } from '../tickets';

const CONTEXT = { origin: ORIGIN, organizer: ORGANIZER };

/** The tables a backup restore would bring back, children last (the order to insert in). */
const RESTORED = [
	'person',
	'organisation',
	'registration',
	'check_in',
	'event_reminder',
	'event_message',
	'reminder_delivery',
	'event_message_recipient',
	'contact_person',
	'person_alias',
	'registrant_dismissal',
	'marketing_permission',
	'marketing_consent_request',
	'access_token',
	'data_subject_request',
	'email_outbox',
	'audit_event',
	'marketing_suppression'
];

/** Every row of the tables above, as a backup holds them. */
async function snapshot(db: Db): Promise<Map<string, string>> {
	const taken = new Map<string, string>();
	for (const table of RESTORED) {
		const [row] = rowsOf<{ data: string }>(
			await db.execute(
				sql`SELECT coalesce(json_agg(t), '[]')::text AS data FROM ${sql.identifier(table)} t`
			)
		);
		taken.set(table, row!.data);
	}
	return taken;
}

/**
 * A restore of that snapshot, as backup/restore.ts does it: one transaction in restore maintenance,
 * every table emptied and refilled, the erasure journal kept, then the after-restore hook.
 */
async function restore(db: Db, taken: Map<string, string>) {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SET LOCAL ilmo.maintenance = 'restore'`);
		for (const table of [...RESTORED].reverse()) {
			await tx.execute(sql`DELETE FROM ${sql.identifier(table)}`);
		}
		for (const table of RESTORED) {
			await tx.execute(
				sql`INSERT INTO ${sql.identifier(table)} OVERRIDING SYSTEM VALUE
					SELECT * FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${taken.get(table)!}::json)`
			);
		}
		return reapplyErasureJournal(tx);
	});
}

describe.each(DATABASE_KINDS)('erasure on %s', (kind) => {
	let db: Db;
	let admin: { id: string };
	openStaffScene(kind, (scene) => ({ db } = scene));
	beforeAll(async () => {
		admin = await makeAdmin(db);
	});

	const signUp = async (ev: Event, data: Parameters<typeof makeSignup>[0], newsByEmail = false) =>
		(
			await fixtures.signUp(db, ev, data, {
				askNewsConsent: newsByEmail ? requestEmailConsent : undefined
			})
		).id;

	async function counts(ids: string[]) {
		return db
			.select({ id: event.id, confirmed: event.confirmedCount, seq: event.waitlistSeq })
			.from(event)
			.where(inArray(event.id, ids))
			.orderBy(event.id);
	}

	/** The journey up to the request: two sign-ups, a contact, a grant then a prohibition. */
	async function journey(tag: string) {
		const someone = {
			firstName: `Zacharias${tag}`,
			lastName: `Erasmusson${tag}`,
			email: `Zacharias.Erasmusson.${tag}@Example.fi`,
			phone: `040 555 ${tag}`
		};
		const phoneE164 = `+35840555${tag}`;
		const first = await makeEvent(db, {
			capacity: 3,
			phonePolicy: 'optional',
			addressPolicy: 'optional'
		});
		const second = await makeEvent(db, { capacity: 1, phonePolicy: 'optional' });
		const registrationId = await signUp(
			first,
			{ ...someone, street: `Tiekatu ${tag}`, postalCode: '20100', city: 'Turku' },
			true
		);
		await signUp(second, someone);
		// Someone else takes the waiting list of the full second event.
		await signUp(second, { firstName: 'Other', lastName: 'Person' });
		// A sole trader: the organisation's own email is the person's, so erasure clears it.
		const org = await fixtures.makeOrganisation(db, {
			name: `Kuljetus ${tag} Oy`,
			email: someone.email.toLowerCase()
		});
		const contact = await createContactFromRegistration(db, admin, {
			registrationId,
			organisationId: org.id,
			title: 'Ajojärjestelijä',
			basis: 'legitimate_interest'
		});
		if (!contact.ok) throw new Error(contact.reason);
		const [reg] = await db.select().from(registration).where(eq(registration.id, registrationId));
		const personId = reg!.personId;
		const decisions = [
			{ channel: 'email', decision: 'granted', note: 'said yes at the stand' },
			{ channel: 'all', decision: 'prohibited', note: 'phoned to object' }
		] as const;
		for (const decided of decisions) {
			const recorded = await recordDecision(db, {
				personId,
				...decided,
				source: 'staff',
				recordedBy: { kind: 'staff', id: admin.id }
			});
			expect(recorded.ok).toBe(true);
		}
		const needles = [
			someone.firstName,
			someone.lastName,
			someone.email,
			phoneE164,
			`Tiekatu ${tag}`
		];
		return {
			person: someone,
			phoneE164,
			needles,
			events: [first.id, second.id],
			personId,
			orgId: org!.id
		};
	}

	async function verifiedErasureRequest(email: string) {
		const created = await createRequest(db, admin, {
			kind: 'erasure',
			channel: 'phone',
			email,
			locale: 'fi'
		});
		if (!created.ok) throw new Error(created.error);
		const sent = await sendVerification(db, admin, created.id, CONTEXT);
		expect(sent).toEqual({ ok: true, to: email.toLowerCase() });
		expect(await confirmVerification(db, await latestVerificationToken(db))).toBe('confirmed');
		return created.id;
	}

	it('leaves no name, email or phone in clear, keeps event counts, and the prohibition stands', async () => {
		const j = await journey('1010');
		expect(await findInClear(db, j.needles)).not.toEqual([]);
		const before = await counts(j.events);
		const requestId = await verifiedErasureRequest(j.person.email);

		const preview = await previewErasure(db, requestId);
		expect(preview).toMatchObject({
			anonymise: 2,
			contacts: 1,
			organisations: 1,
			suppress: true,
			upcoming: 2
		});
		expect(preview!.ledgerRows).toBe(2);
		expect(preview!.consentRequests).toBe(1);

		expect(await erasePerson(db, admin, requestId, { password: 'not the password' })).toEqual({
			ok: false,
			reason: 'wrongPassword'
		});
		expect(await findInClear(db, j.needles)).not.toEqual([]);
		const erased = await erasePerson(db, admin, requestId, { password: ADMIN_PASSWORD });
		expect(erased).toMatchObject({ ok: true, suppressed: true });

		expect(await findInClear(db, j.needles)).toEqual([]);
		expect(await counts(j.events)).toEqual(before);
		const kept = await db
			.select()
			.from(registration)
			.where(inArray(registration.eventId, j.events));
		expect(kept.filter((r) => r.firstName === ERASED_FIRST_NAME)).toHaveLength(2);
		expect(
			kept
				.filter((r) => r.firstName === ERASED_FIRST_NAME)
				.map((r) => r.status)
				.sort()
		).toEqual(['confirmed', 'confirmed']);
		const [org] = await db.select().from(organisation).where(eq(organisation.id, j.orgId));
		expect(org).toMatchObject({ name: 'Kuljetus 1010 Oy', email: null });

		// The trail keeps what was done and when, not what was in it.
		const trail = await db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'contact.created_from_registration'));
		expect(trail.at(-1)?.details).toEqual({ redacted: true });
		const [done] = await db
			.select()
			.from(dataSubjectRequest)
			.where(eq(dataSubjectRequest.id, requestId));
		expect(done).toMatchObject({ status: 'completed', requesterEmail: null, personId: null });

		expect(await isSuppressed(db, { email: j.person.email })).toBe(true);
		expect(await isSuppressed(db, { phone: j.person.phone })).toBe(true);
		expect(await isSuppressed(db, { email: 'someone.else@example.fi' })).toBe(false);

		// A new sign-up with the same email: register() applies the suppression (as the lead wires
		// it, before asking for consent), so the prohibition stands and no consent email goes out.
		const again = await makeEvent(db);
		const newId = await signUp(again, { ...j.person, phone: '' });
		const [fresh] = await db.select().from(registration).where(eq(registration.id, newId));
		await applySuppression(db, fresh!.personId, { email: fresh!.email });
		const state = await stateOf(db, fresh!.personId);
		expect(state.email.decision).toBe('prohibited');
		expect(state.post.decision).toBe('prohibited');
		expect(
			await requestEmailConsent(db, {
				personId: fresh!.personId,
				email: fresh!.email!,
				locale: 'fi',
				context: CONTEXT
			})
		).toBe(false);
		// Once only: the ledger now holds the prohibition, and later decisions there are the person's.
		expect(await applySuppression(db, fresh!.personId, { email: fresh!.email })).toBe(false);

		// The contact import checks the whole file at once: the phone alone is enough.
		const keys = await db.insert(person).values([{}, {}]).returning({ id: person.id });
		const imported = await applySuppressionToContacts(db, [
			{ personId: keys[0]!.id, email: 'unrelated@example.fi', phone: null },
			{ personId: keys[1]!.id, email: null, phone: j.phoneE164 }
		]);
		expect(imported).toBe(1);
		expect((await stateOf(db, keys[1]!.id)).phone.decision).toBe('prohibited');
		expect((await stateOf(db, keys[0]!.id)).phone.decision).toBe('not_asked');
	});

	it('does not put anyone on the suppression list when no prohibition stood', async () => {
		const ev = await makeEvent(db);
		const email = 'plain.erasure@example.fi';
		await signUp(ev, { firstName: 'Plain', lastName: 'Eraser', email });
		const requestId = await verifiedErasureRequest(email);
		const erased = await erasePerson(db, admin, requestId, { password: ADMIN_PASSWORD });
		expect(erased).toMatchObject({ ok: true, suppressed: false });
		expect(await isSuppressed(db, { email })).toBe(false);
		expect(await findInClear(db, ['Eraser', email])).toEqual([]);
	});

	it('refuses an erasure that is not verified', async () => {
		const created = await createRequest(db, admin, {
			kind: 'erasure',
			channel: 'letter',
			email: 'unverified@example.fi',
			locale: 'en'
		});
		if (!created.ok) throw new Error(created.error);
		expect(await erasePerson(db, admin, created.id, { password: ADMIN_PASSWORD })).toEqual({
			ok: false,
			reason: 'not_verified'
		});
	});

	it('erases again after a restore of a backup taken before the erasure', async () => {
		const j = await journey('2020');
		// Their first registration got a reminder and a message: who got what goes with them.
		const [own] = await db.select().from(registration).where(eq(registration.personId, j.personId));
		const [reminder] = await db
			.insert(eventReminder)
			.values({ eventId: j.events[0]!, hours: 168 })
			.returning();
		const [message] = await db
			.insert(eventMessage)
			.values({ eventId: j.events[0]!, audience: ['confirmed'], subjectFi: 'Ohjeet' })
			.returning();
		await db.insert(reminderDelivery).values({ reminderId: reminder!.id, registrationId: own!.id });
		await db
			.insert(eventMessageRecipient)
			.values({ messageId: message!.id, registrationId: own!.id });
		const mailLog = async () => [
			...(await db
				.select()
				.from(reminderDelivery)
				.where(eq(reminderDelivery.registrationId, own!.id))),
			...(await db
				.select()
				.from(eventMessageRecipient)
				.where(eq(eventMessageRecipient.registrationId, own!.id)))
		];
		// They came with a ticket that was re-issued once, and were checked in twice (two devices).
		const ticket = { ticketVersion: 2, voidTicketHash: ticketHashFor(own!.id, 1) };
		const hash = ticketHashFor(own!.id, 2);
		await db
			.update(registration)
			.set({ ...ticket, ticketHash: hash, checkedInAt: new Date() })
			.where(eq(registration.id, own!.id));
		const at = new Date();
		await db.insert(checkIn).values([
			{
				registrationId: own!.id,
				eventId: j.events[0]!,
				staffUserId: admin.id,
				source: 'scan',
				outcome: 'accepted',
				at
			},
			{
				registrationId: own!.id,
				eventId: j.events[0]!,
				deviceId: 'door-2',
				source: 'offline',
				outcome: 'duplicate',
				at
			}
		]);
		const doorTrail = async () => ({
			checkIns: await db.select().from(checkIn).where(eq(checkIn.registrationId, own!.id)),
			tickets: await db
				.select({ id: registration.id })
				.from(registration)
				.where(
					sql`${registration.ticketHash} = ${hash} OR ${registration.voidTicketHash} = ${ticket.voidTicketHash}`
				)
		});
		expect((await doorTrail()).checkIns).toHaveLength(2);
		const requestId = await verifiedErasureRequest(j.person.email);
		const backup = await snapshot(db);
		const erased = await erasePerson(db, admin, requestId, { password: ADMIN_PASSWORD });
		expect(erased.ok).toBe(true);
		expect(await findInClear(db, j.needles)).toEqual([]);
		expect(await mailLog()).toEqual([]);
		// The old ticket finds nobody, and who let them in when is gone; the arrival count stays.
		expect(await doorTrail()).toEqual({ checkIns: [], tickets: [] });
		const [kept] = await db.select().from(registration).where(eq(registration.id, own!.id));
		expect(kept).toMatchObject({ ticketHash: null, voidTicketHash: null, ticketVersion: 3 });
		expect(kept!.checkedInAt).not.toBeNull();
		// Giving tickets to live registrations from before tickets does not give this one a new one.
		await backfillTickets(db);
		const [still] = await db.select().from(registration).where(eq(registration.id, own!.id));
		expect(still).toMatchObject({ ticketHash: null, voidTicketHash: null });
		const afterErasure = await counts(j.events);

		const summary = await restore(db, backup);
		expect(summary.entries).toBeGreaterThanOrEqual(1);
		expect(summary.counts.registrations).toBe(2);
		expect(summary.counts.contacts).toBe(1);
		expect(await findInClear(db, j.needles)).toEqual([]);
		expect(await mailLog()).toEqual([]);
		expect(await doorTrail()).toEqual({ checkIns: [], tickets: [] });
		// The message itself is the event's: it stays until the event's retention date.
		expect(
			await db.select().from(eventMessage).where(eq(eventMessage.id, message!.id))
		).toHaveLength(1);
		expect(await counts(j.events)).toEqual(afterErasure);
		expect(await isSuppressed(db, { email: j.person.email })).toBe(true);
		const journal = await db.select().from(erasureJournal);
		expect(journal.length).toBeGreaterThanOrEqual(1);
		expect(JSON.stringify(journal)).not.toContain(j.person.lastName);

		// Again: nothing left to do.
		const twice = await db.transaction((tx) => reapplyErasureJournal(tx));
		expect(Object.values(twice.counts)).toEqual(Object.values(twice.counts).map(() => 0));
	});

	it('keeps the journal and the suppression list append-only', async () => {
		await expect(db.delete(marketingSuppression)).rejects.toThrow();
		await expect(db.delete(erasureJournal)).rejects.toThrow();
	});
});
