import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db';
import {
	accessToken,
	auditEvent,
	checkIn,
	event,
	marketingConsentRequest,
	registration,
	retentionRun,
	signInThrottle,
	type Event
} from '../db/schema';
import { createContactWithOrganisation } from '../contacts/linking';
import { recordDecision, requestEmailConsent } from '../permissions';
import { isSuppressed } from '../suppression';
import { ERASED_FIRST_NAME } from '../registrations/anonymise';
import { retentionCalendar } from './calendar';
import { JOBS_LOCK } from '../job-lock';
import { runRetention } from './run';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { ticketHashFor } from '../tickets/code';
import * as fixtures from '$tests/contacts-fixtures';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('the retention job on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	const signUp = (ev: Event, data: Parameters<typeof makeSignup>[0] = {}) =>
		fixtures.signUp(database.db, ev, data);

	const expire = (ids: string[]) =>
		database.db
			.update(registration)
			.set({ purgeAfter: new Date(Date.now() - DAY) })
			.where(inArray(registration.id, ids));
	const byId = async (id: string) =>
		(await database.db.select().from(registration).where(eq(registration.id, id)))[0];

	it('anonymises registrations past their date unless the person is a contact, and keeps counts', async () => {
		const ev = await makeEvent(database.db, { capacity: 5 });
		const plain = await signUp(ev, { phone: '' });
		const contact = await signUp(ev);
		const later = await signUp(ev);
		const made = await createContactWithOrganisation(database.db, staff, {
			registrationId: contact.id,
			organisationName: 'Säilyvä Oy',
			businessId: '',
			title: '',
			basis: 'customer_relationship'
		});
		expect(made.ok).toBe(true);
		await expire([plain.id, contact.id]);
		const [before] = await database.db.select().from(event).where(eq(event.id, ev.id));

		const preview = await runRetention(database.db, { trigger: 'cli', dryRun: true });
		expect(preview.ran && preview.counts.registrationsAnonymised).toBeGreaterThanOrEqual(1);
		expect((await byId(plain.id))!.email).toBe(plain.email);

		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran).toBe(true);
		if (!outcome.ran || !preview.ran) return;
		expect(outcome.counts.registrationsAnonymised).toBe(preview.counts.registrationsAnonymised);

		const gone = await byId(plain.id);
		expect(gone).toMatchObject({
			firstName: ERASED_FIRST_NAME,
			email: null,
			emailNormalised: null,
			phone: null,
			status: plain.status
		});
		expect(gone!.personId).not.toBe(plain.personId);
		expect(
			await database.db.select().from(accessToken).where(eq(accessToken.registrationId, plain.id))
		).toHaveLength(0);
		expect((await byId(contact.id))!.email).toBe(contact.email);
		expect((await byId(later.id))!.email).toBe(later.email);
		const [after] = await database.db.select().from(event).where(eq(event.id, ev.id));
		expect(after!.confirmedCount).toBe(before!.confirmedCount);

		// A second run finds nothing more; both runs are on record with their counts.
		const again = await runRetention(database.db, { trigger: 'timer' });
		expect(again.ran && again.counts.registrationsAnonymised).toBe(0);
		const runs = await database.db.select().from(retentionRun);
		expect(runs.length).toBeGreaterThanOrEqual(3);
	});

	it('deletes waiting-list places of past events only', async () => {
		const past = await makeEvent(database.db, { capacity: 1 });
		await signUp(past);
		const waiting = await signUp(past);
		expect(waiting.status).toBe('waitlisted');
		const future = await makeEvent(database.db, { capacity: 1 });
		await signUp(future);
		const stillWaiting = await signUp(future);
		await database.db
			.update(event)
			.set({ startsAt: new Date(Date.now() - 2 * DAY), endsAt: new Date(Date.now() - DAY) })
			.where(eq(event.id, past.id));
		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.waitlistDeleted).toBeGreaterThanOrEqual(1);
		expect(await byId(waiting.id)).toBeUndefined();
		expect(await byId(stillWaiting.id)).toBeDefined();
	});

	it('takes the check-in history and the ticket with a registration it anonymises or deletes', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		const came = await signUp(ev);
		const waiting = await signUp(ev);
		const kept = await signUp(await makeEvent(database.db));
		const hash = ticketHashFor(came.id, 1);
		await database.db
			.update(registration)
			.set({ ticketHash: hash, checkedInAt: new Date() })
			.where(eq(registration.id, came.id));
		const at = new Date();
		const door = { source: 'scan', at, staffUserId: staff.id } as const;
		await database.db.insert(checkIn).values([
			{ ...door, registrationId: came.id, eventId: ev.id, outcome: 'accepted' },
			{ ...door, registrationId: came.id, eventId: ev.id, outcome: 'duplicate' },
			{ ...door, registrationId: waiting.id, eventId: ev.id, outcome: 'refused' },
			{ ...door, registrationId: kept.id, eventId: kept.eventId, outcome: 'accepted' }
		]);
		const historyOf = async (id: string) =>
			database.db.select().from(checkIn).where(eq(checkIn.registrationId, id));
		await expire([came.id]);
		await database.db
			.update(event)
			.set({ startsAt: new Date(Date.now() - 2 * DAY), endsAt: new Date(Date.now() - DAY) })
			.where(eq(event.id, ev.id));

		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.checkInsDeleted).toBeGreaterThanOrEqual(3);
		expect(await historyOf(came.id)).toEqual([]);
		expect(await byId(came.id)).toMatchObject({ ticketHash: null, voidTicketHash: null });
		expect((await byId(came.id))!.checkedInAt).not.toBeNull();
		expect(await byId(waiting.id)).toBeUndefined();
		expect(await historyOf(waiting.id)).toEqual([]);
		expect(await historyOf(kept.id)).toHaveLength(1);

		// Whatever deletes a registration takes its check-ins along (the foreign key cascades).
		await database.db.delete(registration).where(eq(registration.id, kept.id));
		expect(await historyOf(kept.id)).toEqual([]);
	});

	it('deletes expired consent requests and audit events past their period', async () => {
		const ev = await makeEvent(database.db);
		const reg = await signUp(ev);
		await database.db.transaction((tx) =>
			requestEmailConsent(tx, {
				personId: reg.personId,
				email: reg.email!,
				locale: 'fi',
				context: { origin: ORIGIN, organizer: ORGANIZER },
				now: new Date(Date.now() - 8 * DAY)
			})
		);
		await database.db.insert(auditEvent).values({
			actorKind: 'system',
			action: 'test.ancient',
			at: new Date(Date.now() - 25 * 30 * DAY)
		});
		const calendar = await retentionCalendar(database.db);
		expect(calendar.audit.dueNow).toBeGreaterThanOrEqual(1);
		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.consentRequestsDeleted).toBeGreaterThanOrEqual(1);
		expect(outcome.ran && outcome.counts.auditEventsDeleted).toBeGreaterThanOrEqual(1);
		expect(
			await database.db
				.select()
				.from(marketingConsentRequest)
				.where(eq(marketingConsentRequest.personId, reg.personId))
		).toHaveLength(0);
		expect(
			await database.db.select().from(auditEvent).where(eq(auditEvent.action, 'test.ancient'))
		).toHaveLength(0);
	});

	it('removes sign-in attempt counters nobody has touched for an hour, and keeps blocks in force', async () => {
		const old = new Date(Date.now() - 2 * 3_600_000);
		await database.db.insert(signInThrottle).values([
			{ key: `test-old-${kind}`, failures: 3, updatedAt: old },
			{ key: `test-recent-${kind}`, failures: 3, updatedAt: new Date() },
			{
				key: `test-blocked-${kind}`,
				failures: 30,
				updatedAt: old,
				blockedUntil: new Date(Date.now() + 600_000)
			}
		]);
		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.signInThrottleRowsDeleted).toBeGreaterThanOrEqual(1);
		const left = (await database.db.select().from(signInThrottle)).map((r) => r.key);
		expect(left).not.toContain(`test-old-${kind}`);
		expect(left).toContain(`test-recent-${kind}`);
		expect(left).toContain(`test-blocked-${kind}`);
	});

	it('keeps a prohibition on the suppression list when the last record of the person goes', async () => {
		const ev = await makeEvent(database.db);
		const reg = await signUp(ev, { email: `kielto.${kind}@example.fi`, phone: '0405556677' });
		await recordDecision(database.db, {
			personId: reg.personId,
			channel: 'all',
			decision: 'prohibited',
			source: 'manage',
			recordedBy: { kind: 'person' }
		});
		await expire([reg.id]);
		const outcome = await runRetention(database.db, { trigger: 'cli' });
		expect(outcome.ran && outcome.counts.suppressionsAdded).toBe(1);
		expect(await isSuppressed(database.db, { email: `kielto.${kind}@example.fi` })).toBe(true);
		expect(await isSuppressed(database.db, { phone: '+358405556677' })).toBe(true);
	});

	it.runIf(kind === 'postgres')(
		'skips the round while another instance holds the job',
		async () => {
			await database.db.transaction(async (tx) => {
				await tx.execute(sql`SELECT pg_advisory_xact_lock(${JOBS_LOCK})`);
				expect(await runRetention(database.db, { trigger: 'timer' })).toEqual({
					ran: false,
					reason: 'busy'
				});
			});
			expect((await runRetention(database.db, { trigger: 'timer' })).ran).toBe(true);
		}
	);
});
