import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { registration, type Event } from '../db/schema';
import { searchKey } from '../db/search-key';
import { countAttendees, listAttendees, listForPrint } from './index';
import { attendeeSearchCondition, nameCondition } from './search';
import { auditFor, explain, makeStaff, seedRegistrants, type SeedRow } from './test-helpers';
import { DATABASE_KINDS, openTestDatabase } from '../../../../tests/support/databases';
import { makeEvent } from '../../../../tests/support/factories';

const LAST = ['Virtanen', 'Korhonen', 'Mäkinen', 'Äijälä', 'Öhman', 'Nieminen', 'Laine', 'Virta'];
const FIRST = [
	'Aino',
	'Eero',
	'Ööpiä',
	'Juha',
	'Liisa',
	'Matti',
	'Ella',
	'Onni',
	'Kaisa',
	'Ilmari'
];

/** 320 people: every first × last name four times, some waiting, some cancelled, some arrived. */
function crowd(): SeedRow[] {
	const rows: SeedRow[] = [];
	for (let i = 0; i < 320; i++) {
		rows.push({
			firstName: FIRST[i % FIRST.length]!,
			lastName: LAST[Math.floor(i / FIRST.length) % LAST.length]!,
			email: `person.${i}@example.fi`,
			phone: `+35840${String(1_000_000 + i)}`,
			status: i % 10 === 3 ? 'waitlisted' : i % 10 === 7 ? 'cancelled' : 'confirmed',
			checkedInAt: i % 5 === 0 ? new Date() : null,
			createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i))
		});
	}
	return rows;
}

/** The order the list promises: case-folded last name, first name, id, compared by code point. */
const fold = (s: string) => s.toLowerCase();
const byName = (a: { lastName: string; firstName: string; id: string }, b: typeof a): number => {
	const ka = [fold(a.lastName), fold(a.firstName), a.id];
	const kb = [fold(b.lastName), fold(b.firstName), b.id];
	for (let i = 0; i < 3; i++) {
		if (ka[i]! < kb[i]!) return -1;
		if (ka[i]! > kb[i]!) return 1;
	}
	return 0;
};

describe.each(DATABASE_KINDS)('the attendee list on %s', (kind) => {
	let database: Database;
	let ev: Event;
	let staff: { id: string };
	let seeded: Awaited<ReturnType<typeof seedRegistrants>>;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		ev = await makeEvent(database.db, { capacity: 1000 });
		staff = await makeStaff(database.db);
		seeded = await seedRegistrants(database.db, ev, crowd());
	});
	afterAll(async () => {
		await database?.close();
	});

	it('pages through everyone in name order without repeating or skipping anyone', async () => {
		const seen: string[] = [];
		for (let page = 1; page <= 7; page++) {
			const result = await listAttendees(database.db, staff, ev.id, { page, pageSize: 50 });
			expect(result.total).toBe(320);
			expect(result.pageCount).toBe(7);
			expect(result.page).toBe(page);
			seen.push(...result.rows.map((r) => r.id));
		}
		expect(seen).toEqual([...seeded].sort(byName).map((r) => r.id));
		// Finnish letters after z, as in the alphabet; upper and lower case sort together.
		const lastNames = [...new Set(seen.map((id) => seeded.find((r) => r.id === id)!.lastName))];
		expect(lastNames).toEqual([
			'Korhonen',
			'Laine',
			'Mäkinen',
			'Nieminen',
			'Virta',
			'Virtanen',
			'Äijälä',
			'Öhman'
		]);
		// A page past the end shows the last page rather than nothing.
		expect((await listAttendees(database.db, staff, ev.id, { page: 99 })).page).toBe(7);
	});

	it('sorts by registration time and by status, and filters by status', async () => {
		const registered = await listAttendees(database.db, staff, ev.id, {
			sort: 'registered',
			pageSize: 5
		});
		expect(registered.rows.map((r) => r.registeredAt.getTime())).toEqual(
			[0, 1, 2, 3, 4].map((s) => Date.UTC(2026, 0, 1, 0, 0, s))
		);
		const byStatus = await listAttendees(database.db, staff, ev.id, {
			sort: 'status',
			pageSize: 200,
			page: 2
		});
		expect(byStatus.rows.at(-1)?.status).toBe('cancelled');
		const waiting = await listAttendees(database.db, staff, ev.id, {
			status: 'waitlisted',
			sort: 'status'
		});
		expect(waiting.total).toBe(32);
		expect(waiting.rows.map((r) => r.waitlistRank)).toEqual(
			Array.from({ length: 32 }, (_, i) => i + 1)
		);
		const cancelled = await listAttendees(database.db, staff, ev.id, { status: 'cancelled' });
		expect(cancelled.total).toBe(32);
		expect(cancelled.rows.every((r) => r.status === 'cancelled')).toBe(true);
	});

	it('searches names, email and phone case-insensitively by their start', async () => {
		const search = async (q: string, status: 'all' | 'confirmed' = 'all') =>
			(await listAttendees(database.db, staff, ev.id, { q, status, pageSize: 200 })).rows;

		const virt = await search('VIRT');
		expect(new Set(virt.map((r) => r.lastName))).toEqual(new Set(['Virtanen', 'Virta']));
		expect(virt).toHaveLength(80);
		expect(await search('virtanen')).toHaveLength(40);
		// Ä and Ö fold like ASCII letters on every server, whatever its locale.
		expect(new Set((await search('äIJÄ')).map((r) => r.lastName))).toEqual(new Set(['Äijälä']));
		expect((await search('ÖÖPIÄ')).every((r) => r.firstName === 'Ööpiä')).toBe(true);
		// Every word must match the first or the last name.
		const ainoVirta = await search('aino virta');
		expect(ainoVirta.length).toBeGreaterThan(0);
		expect(ainoVirta.every((r) => r.firstName === 'Aino' && r.lastName.startsWith('Virta'))).toBe(
			true
		);
		expect(await search('ainovirta')).toEqual([]);
		expect((await search('Person.17@Example')).map((r) => r.email)).toEqual([
			'person.17@example.fi'
		]);
		// Finnish, international and E.164 ways of typing one number.
		for (const typed of ['040 100 0017', '+358 40 1000017', '00358401000017']) {
			expect((await search(typed)).map((r) => r.email)).toEqual(['person.17@example.fi']);
		}
		expect(await search('%')).toEqual([]);
		expect(await search('_irtanen')).toEqual([]);
		expect((await search('  virtanen   aino ')).every((r) => r.firstName === 'Aino')).toBe(true);
		expect((await search('virtanen', 'confirmed')).every((r) => r.status === 'confirmed')).toBe(
			true
		);
	});

	it('counts seats, the waiting list and arrivals', async () => {
		expect(await countAttendees(database.db, ev.id)).toEqual({
			confirmed: 256,
			capacity: 1000,
			waitlisted: 32,
			// Every fifth person arrived; none of them are among the waiting or cancelled.
			checkedIn: 64
		});
		const empty = await makeEvent(database.db, { capacity: 5 });
		expect(await countAttendees(database.db, empty.id)).toEqual({
			confirmed: 0,
			capacity: 5,
			waitlisted: 0,
			checkedIn: 0
		});
	});

	it('records each view and print with the number of rows, and never the search text', async () => {
		const ev2 = await makeEvent(database.db);
		await seedRegistrants(database.db, ev2, [
			{ firstName: 'Sanna', lastName: 'Salainen' },
			{ firstName: 'Sami', lastName: 'Salo', status: 'waitlisted' }
		]);
		await listAttendees(database.db, staff, ev2.id, { q: 'sala' });
		await listAttendees(database.db, staff, ev2.id, { status: 'waitlisted', sort: 'status' });
		const printed = await listForPrint(database.db, staff, ev2.id);
		expect(printed.map((r) => r.lastName)).toEqual(['Salainen']);
		expect(Object.keys(printed[0]!).sort()).toEqual(
			['checkedInAt', 'firstName', 'id', 'lastName', 'organisation'].sort()
		);

		const viewed = await auditFor(database.db, 'attendees.viewed', ev2.id);
		expect(viewed.map((a) => [a.actorId, a.count, a.details])).toEqual([
			[staff.id, 1, { view: 'list', status: 'all', sort: 'name', page: 1, searched: true }],
			[
				staff.id,
				1,
				{ view: 'list', status: 'waitlisted', sort: 'status', page: 1, searched: false }
			]
		]);
		expect(JSON.stringify(viewed)).not.toMatch(/sala/i);
		const prints = await auditFor(database.db, 'attendees.printed', ev2.id);
		expect(prints.map((a) => [a.subjectType, a.count])).toEqual([['event', 1]]);
	});

	it('answers name, email and phone searches and the name order from indexes', async () => {
		await database.db.execute(sql`ANALYZE registration`);
		const base = (condition: ReturnType<typeof attendeeSearchCondition>) =>
			database.db
				.select({ id: registration.id })
				.from(registration)
				.where(and(eq(registration.eventId, ev.id), condition));
		const ordered = database.db
			.select({ id: registration.id })
			.from(registration)
			.where(eq(registration.eventId, ev.id))
			.orderBy(asc(searchKey(registration.lastName)), asc(searchKey(registration.firstName)))
			.limit(50);
		expect(await explain(database.db, ordered)).toContain('registration_event_name_idx');
		const names = await explain(database.db, base(nameCondition('virt')));
		expect(names).toContain('registration_event_name_idx');
		expect(names).toContain('registration_event_first_name_idx');
		const all = await explain(database.db, base(attendeeSearchCondition('0401000017')));
		// On a C-collation database the global email index serves prefixes as well; elsewhere only
		// the (event, email COLLATE "C") one can.
		expect(all).toMatch(/registration_(event_)?email_idx/);
		// Either phone index serves: the per-event one, or the global one data-subject requests use.
		expect(all).toMatch(/registration_(event_)?phone_idx/);
		expect(all).not.toMatch(/Seq Scan/);
	});
});
