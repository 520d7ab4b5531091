import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db';
import { auditEvent, contactPerson, person, personAlias, registration } from '../db/schema';
import { makeStaff, seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { decodeCursor } from '../list';
import { AUDIT_KEY_KINDS, listActors, listAuditActions, searchAudit, type AuditRow } from './query';

/** A January day at noon, Finnish time (UTC+2): far from any day boundary. */
const jan = (day: number) => new Date(`2026-01-${String(day).padStart(2, '0')}T10:00:00Z`);

/** Helsinki midnight at the start of a January day, as the page turns a typed date into. */
const midnight = (day: number) =>
	new Date(`2026-01-${String(day).padStart(2, '0')}T00:00:00+02:00`);

describe.each(DATABASE_KINDS)('audit trail search on %s', (kind) => {
	let database: Database;
	let db: Db;
	let admin: { id: string };
	let staffA: { id: string };
	let staffB: { id: string };
	/** Row ids by name, to compare results with. */
	const ids: Record<string, number> = {};
	let r1: string;
	let r2: string;
	let rq: string;
	let contactId: string;

	async function seed(
		name: string,
		values: Omit<typeof auditEvent.$inferInsert, 'actorKind'> & { actorKind?: string }
	) {
		const [row] = await db
			.insert(auditEvent)
			.values({ actorKind: values.actorId ? 'staff' : 'system', ...values })
			.returning({ id: auditEvent.id });
		ids[name] = row!.id;
	}

	const names = (rows: AuditRow[]) =>
		rows
			.filter((row) => !row.action.startsWith('audit.'))
			.map((row) => Object.keys(ids).find((name) => ids[name] === row.id) ?? `#${row.id}`);

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		db = database.db;
		admin = await makeStaff(db, 'admin');
		staffA = await makeStaff(db, 'staff');
		staffB = await makeStaff(db, 'staff');
		const first = await makeEvent(db);
		const second = await makeEvent(db);
		// Pia signs up twice (under one person key, as sign-up does for one email), Quentin once;
		// Pia is later linked to a contact whose record has a work address of its own.
		const [pia1] = await seedRegistrants(db, first, [
			{ firstName: 'Pia', lastName: 'Pihlaja', email: 'pia@example.fi', phone: '+358401234567' }
		]);
		const [pia2] = await seedRegistrants(db, second, [
			{ firstName: 'Pia', lastName: 'Pihlaja', email: 'pia@example.fi' }
		]);
		r1 = pia1!.id;
		r2 = pia2!.id;
		await db.update(registration).set({ personId: pia1!.personId }).where(eq(registration.id, r2));
		const [q] = await seedRegistrants(db, first, [
			{ firstName: 'Quentin', lastName: 'Kuusi', email: 'quentin@example.fi' }
		]);
		rq = q!.id;
		const [contactKey] = await db.insert(person).values({}).returning();
		const [contact] = await db
			.insert(contactPerson)
			.values({
				personId: contactKey!.id,
				firstName: 'Pia',
				lastName: 'Pihlaja',
				email: 'pia.pihlaja@firma.fi',
				emailNormalised: 'pia.pihlaja@firma.fi',
				source: 'manual',
				basis: 'customer_relationship'
			})
			.returning();
		contactId = contact!.id;
		await db
			.insert(personAlias)
			.values({ personId: pia1!.personId, canonicalId: contactKey!.id, reason: 'link' });
		const [other] = await db.insert(person).values({}).returning();
		const [otherContact] = await db
			.insert(contactPerson)
			.values({
				personId: other!.id,
				firstName: 'Olli',
				lastName: 'Muu',
				source: 'manual',
				basis: 'customer_relationship'
			})
			.returning();

		await seed('signIn', {
			actorId: staffA.id,
			action: 'staff.signed_in',
			at: jan(9),
			subjectType: 'staff_user',
			subjectId: staffA.id
		});
		await seed('listViewed', {
			actorId: staffA.id,
			action: 'attendees.viewed',
			at: jan(10),
			subjectType: 'event',
			subjectId: first.id,
			count: 3
		});
		await seed('checkedIn', {
			actorId: staffA.id,
			action: 'registration.checked_in',
			at: jan(11),
			subjectType: 'registration',
			subjectId: r1
		});
		await seed('otherUpdated', {
			actorId: staffB.id,
			action: 'registration.updated_by_staff',
			at: jan(12),
			subjectType: 'registration',
			subjectId: rq
		});
		await seed('contactViewed', {
			actorId: staffB.id,
			action: 'contact.viewed',
			at: jan(13),
			subjectType: 'contact',
			subjectId: contactId
		});
		await seed('linked', {
			actorId: staffA.id,
			action: 'contact.linked',
			at: jan(14),
			subjectType: 'contact',
			subjectId: contactId,
			details: { registrationId: r2 }
		});
		await seed('cancelled', {
			actorId: staffB.id,
			action: 'registration.cancelled_by_staff',
			at: jan(15),
			subjectType: 'registration',
			subjectId: r2
		});
		await seed('otherLinked', {
			actorId: staffB.id,
			action: 'contact.linked',
			at: jan(16),
			subjectType: 'contact',
			subjectId: otherContact!.id,
			details: { registrationId: rq }
		});
		await seed('userCreated', {
			action: 'staff_user.created',
			at: jan(17),
			subjectType: 'staff_user',
			subjectId: staffB.id
		});
		// '_' is a LIKE wildcard: this one must not pass for staff_user.*.
		await seed('lookalike', { action: 'staffXuser.created', at: jan(18) });
	});

	afterAll(async () => {
		await database?.close();
	});

	it('filters by actor, newest first, with the actor name', async () => {
		const result = await searchAudit(db, admin, { actorId: staffA.id });
		expect(names(result.rows)).toEqual(['linked', 'checkedIn', 'listViewed', 'signIn']);
		expect(result.count).toEqual({ count: 4, more: false });
		expect(result.rows[0]!.actorName).toMatch(/^Staff \d+$/);
	});

	it('filters by exact action and by action prefix', async () => {
		expect(names((await searchAudit(db, admin, { action: 'contact.linked' })).rows)).toEqual([
			'otherLinked',
			'linked'
		]);
		expect(names((await searchAudit(db, admin, { action: 'registration.' })).rows)).toEqual([
			'cancelled',
			'otherUpdated',
			'checkedIn'
		]);
		expect(names((await searchAudit(db, admin, { action: 'staff_user.' })).rows)).toEqual([
			'userCreated'
		]);
		expect((await searchAudit(db, admin, { action: 'registration' })).count.count).toBe(0);
	});

	it('filters by date range: from inclusive, to exclusive', async () => {
		const result = await searchAudit(db, admin, { from: midnight(11), to: midnight(14) });
		expect(names(result.rows)).toEqual(['contactViewed', 'otherUpdated', 'checkedIn']);
	});

	it("finds a person's trail by email: their registrations and the contact they are linked to", async () => {
		const expected = ['cancelled', 'linked', 'contactViewed', 'checkedIn'];
		const byEmail = await searchAudit(db, admin, { person: '  PIA@example.fi ', to: midnight(20) });
		expect(names(byEmail.rows)).toEqual(expected);
		expect(byEmail.person).toEqual({ kind: 'email', people: 1 });
		// The contact's own work address, the phone from a sign-up and a record id find the same.
		const byWork = await searchAudit(db, admin, {
			person: 'pia.pihlaja@firma.fi',
			to: midnight(20)
		});
		expect(names(byWork.rows)).toEqual(expected);
		const byPhone = await searchAudit(db, admin, { person: '040 123 4567', to: midnight(20) });
		expect(names(byPhone.rows)).toEqual(expected);
		expect(byPhone.person?.kind).toBe('phone');
		const byId = await searchAudit(db, admin, { person: r1, to: midnight(20) });
		expect(names(byId.rows)).toEqual(expected);
		const other = await searchAudit(db, admin, { person: 'quentin@example.fi', to: midnight(20) });
		expect(names(other.rows)).toEqual(['otherLinked', 'otherUpdated']);
	});

	it('finds nobody for an unknown address or text that is no address', async () => {
		const unknown = await searchAudit(db, admin, { person: 'nobody@example.fi' });
		expect(unknown.rows).toEqual([]);
		expect(unknown.person).toEqual({ kind: 'email', people: 0 });
		const nonsense = await searchAudit(db, admin, { person: 'Pihlaja' });
		expect(nonsense.person).toEqual({ kind: 'unrecognised', people: 0 });
		expect(nonsense.count.count).toBe(0);
	});

	it('pages by 50 by keyset, newest first, without overlap, forwards and back', async () => {
		// Identical times: the id breaks the tie, so no row is on two pages.
		await db.insert(auditEvent).values(
			Array.from({ length: 120 }, (_, i) => ({
				actorKind: 'system',
				action: 'bulk.tested',
				at: jan(20),
				count: i
			}))
		);
		const cursorOf = (token: string, direction: 'after' | 'before') =>
			decodeCursor(new URLSearchParams({ [direction]: token }), AUDIT_KEY_KINDS);
		const pages = [await searchAudit(db, admin, { action: 'bulk.' })];
		while (pages.at(-1)!.next) {
			const cursor = cursorOf(pages.at(-1)!.next!, 'after');
			pages.push(await searchAudit(db, admin, { action: 'bulk.', cursor }));
		}
		expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 20]);
		expect(pages[0]!.count).toEqual({ count: 120, more: false });
		expect(pages.map((p) => p.previous === null)).toEqual([true, false, false]);
		const counts = pages.flatMap((p) => p.rows.map((row) => row.count));
		expect(counts).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));
		// Back from the last page: the middle page again, row for row, then the first.
		const back = await searchAudit(db, admin, {
			action: 'bulk.',
			cursor: cursorOf(pages[2]!.previous!, 'before')
		});
		expect(back.rows.map((row) => row.id)).toEqual(pages[1]!.rows.map((row) => row.id));
		const first = await searchAudit(db, admin, {
			action: 'bulk.',
			cursor: cursorOf(back.previous!, 'before')
		});
		expect(first.rows.map((row) => row.id)).toEqual(pages[0]!.rows.map((row) => row.id));
		expect(first.previous).toBeNull();
		// A cursor past every row (retention removed them) shows the newest page.
		const gone = cursorOf(
			Buffer.from('["2000-01-01T00:00:00.000000Z",1]').toString('base64url'),
			'after'
		);
		expect((await searchAudit(db, admin, { action: 'bulk.', cursor: gone })).rows[0]!.count).toBe(
			119
		);
	});

	it('records every search as audit.viewed, with the person but not what was typed', async () => {
		const result = await searchAudit(db, admin, { person: 'pia@example.fi', action: 'contact.' });
		const [viewed] = await db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'audit.viewed'), eq(auditEvent.actorId, admin.id)))
			.orderBy(desc(auditEvent.id))
			.limit(1);
		expect(viewed).toMatchObject({
			actorKind: 'staff',
			count: result.rows.length,
			subjectType: 'person'
		});
		expect(result.rows.length).toBe(2);
		expect(viewed!.details).toMatchObject({
			person: 'email',
			people: 1,
			action: 'contact.',
			position: 'newest'
		});
		expect(JSON.stringify(viewed!.details)).not.toContain('pia');
		// The search's own event is found by the next search for the same person.
		const again = await searchAudit(db, admin, { person: 'pia@example.fi', action: 'audit.' });
		expect(again.rows.map((row) => row.id)).toContain(viewed!.id);
	});

	it('lists action names and staff accounts for the filter', async () => {
		const actions = await listAuditActions(db);
		expect(actions).toEqual([...new Set(actions)].sort());
		expect(actions).toEqual(
			expect.arrayContaining(['audit.viewed', 'bulk.tested', 'contact.linked', 'staff.signed_in'])
		);
		const actors = await listActors(db);
		expect(actors.map((a) => a.id)).toEqual(
			expect.arrayContaining([admin.id, staffA.id, staffB.id])
		);
	});
});
