import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { registration, type Event } from '../db/schema';
import { searchKey } from '../db/search-key';
import { keysetCondition, keysetOrder, parseListQuery, type SortKey } from '../list';
import { countAttendees, listAttendees, listForPrint } from './index';
import { attendeeCursorKinds, type AttendeeSort } from './list';
import { attendeeSearchCondition, nameCondition } from './search';
import { auditFor, explain, makeStaff, seedRegistrants, type SeedRow } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';

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

	/** The cursor a page's link carries, read back as the page's URL would be. */
	const cursorOf = (
		direction: 'after' | 'before',
		token: string | null,
		sort: AttendeeSort = 'name'
	) =>
		parseListQuery(new URLSearchParams({ [direction]: token! }), {}, attendeeCursorKinds(sort))
			.cursor;

	it('pages through everyone in name order without repeating or skipping anyone', async () => {
		// Every name appears four times, so page boundaries fall between equal names.
		const pages: string[][] = [];
		let result = await listAttendees(database.db, staff, ev.id, { pageSize: 50 });
		expect(result.total).toEqual({ count: 320, more: false });
		expect(result.previous).toBeNull();
		pages.push(result.rows.map((r) => r.id));
		while (result.next) {
			result = await listAttendees(database.db, staff, ev.id, {
				cursor: cursorOf('after', result.next),
				pageSize: 50
			});
			pages.push(result.rows.map((r) => r.id));
		}
		expect(pages.map((page) => page.length)).toEqual([50, 50, 50, 50, 50, 50, 20]);
		const seen = pages.flat();
		expect(seen).toEqual([...seeded].sort(byName).map((r) => r.id));
		// And back again, page by page, to the first.
		const back: string[][] = [result.rows.map((r) => r.id)];
		while (result.previous) {
			result = await listAttendees(database.db, staff, ev.id, {
				cursor: cursorOf('before', result.previous),
				pageSize: 50
			});
			back.unshift(result.rows.map((r) => r.id));
		}
		expect(back).toEqual(pages);
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
		// A cursor of another order, or none this app wrote, shows the first page.
		const first = await listAttendees(database.db, staff, ev.id, { pageSize: 50 });
		for (const bad of [cursorOf('after', first.next, 'registered'), cursorOf('after', 'x')]) {
			expect(bad).toBeNull();
			const shown = await listAttendees(database.db, staff, ev.id, { cursor: bad, pageSize: 50 });
			expect(shown.rows.map((r) => r.id)).toEqual(pages[0]);
		}
	});

	it('keeps its place when people sign up between two page loads', async () => {
		const other = await makeEvent(database.db, { capacity: 100 });
		const early = await seedRegistrants(
			database.db,
			other,
			Array.from({ length: 6 }, () => ({ firstName: 'Aino', lastName: 'Laine' }))
		);
		const first = await listAttendees(database.db, staff, other.id, { pageSize: 4 });
		// One before the boundary, one tied with it, one after it.
		const late = await seedRegistrants(database.db, other, [
			{ firstName: 'Aino', lastName: 'Korhonen' },
			{ firstName: 'Aino', lastName: 'Laine' },
			{ firstName: 'Aino', lastName: 'Nieminen' }
		]);
		const second = await listAttendees(database.db, staff, other.id, {
			cursor: cursorOf('after', first.next),
			pageSize: 10
		});
		const shown = [...first.rows, ...second.rows].map((r) => r.id);
		expect(new Set(shown).size).toBe(shown.length);
		const everyone = [...early, ...late].sort(byName).map((r) => r.id);
		// Nobody after the boundary is missed and nobody shown twice; Korhonen arrived before the
		// boundary, so the first page shows her when it is loaded again.
		expect(second.rows.map((r) => r.id)).toEqual(
			everyone.slice(everyone.indexOf(first.rows.at(-1)!.id) + 1)
		);
		expect(second.rows.at(-1)?.lastName).toBe('Nieminen');
	});

	it('sorts by registration time and by status, and filters by status', async () => {
		const registered = await listAttendees(database.db, staff, ev.id, {
			sort: 'registered',
			pageSize: 5
		});
		expect(registered.rows.map((r) => r.registeredAt.getTime())).toEqual(
			[0, 1, 2, 3, 4].map((s) => Date.UTC(2026, 0, 1, 0, 0, s))
		);
		const registeredNext = await listAttendees(database.db, staff, ev.id, {
			sort: 'registered',
			pageSize: 5,
			cursor: cursorOf('after', registered.next, 'registered')
		});
		expect(registeredNext.rows.map((r) => r.registeredAt.getTime())).toEqual(
			[5, 6, 7, 8, 9].map((s) => Date.UTC(2026, 0, 1, 0, 0, s))
		);
		const byStatus = await listAttendees(database.db, staff, ev.id, {
			sort: 'status',
			pageSize: 200
		});
		const byStatusNext = await listAttendees(database.db, staff, ev.id, {
			sort: 'status',
			pageSize: 200,
			cursor: cursorOf('after', byStatus.next, 'status')
		});
		const statuses = [...byStatus.rows, ...byStatusNext.rows].map((r) => r.status);
		expect(statuses).toHaveLength(320);
		expect(statuses.indexOf('waitlisted')).toBe(256);
		expect(statuses.indexOf('cancelled')).toBe(288);
		expect(statuses.at(-1)).toBe('cancelled');
		const waiting = await listAttendees(database.db, staff, ev.id, {
			status: 'waitlisted',
			sort: 'status'
		});
		expect(waiting.total).toEqual({ count: 32, more: false });
		expect(waiting.rows.map((r) => r.waitlistRank)).toEqual(
			Array.from({ length: 32 }, (_, i) => i + 1)
		);
		const cancelled = await listAttendees(database.db, staff, ev.id, { status: 'cancelled' });
		expect(cancelled.total).toEqual({ count: 32, more: false });
		expect(cancelled.rows).toHaveLength(32);
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
		const oopia = await search('ÖÖPIÄ');
		expect(oopia).toHaveLength(32);
		expect(oopia.every((r) => r.firstName === 'Ööpiä')).toBe(true);
		// …and fold to their base letters: typed without dots they find the dotted names.
		expect(await search('oopia')).toEqual(oopia);
		expect(new Set((await search('aijala')).map((r) => r.lastName))).toEqual(new Set(['Äijälä']));
		expect(new Set((await search('OHM')).map((r) => r.lastName))).toEqual(new Set(['Öhman']));
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
		const spaced = await search('  virtanen   aino ');
		expect(spaced).toHaveLength(4);
		expect(spaced.every((r) => r.firstName === 'Aino' && r.lastName === 'Virtanen')).toBe(true);
		const confirmed = await search('virtanen', 'confirmed');
		expect(confirmed).toHaveLength(32);
		expect(confirmed.every((r) => r.status === 'confirmed')).toBe(true);
	});

	it('finds Hämäläinen by her name or her email typed without accents', async () => {
		const ev3 = await makeEvent(database.db);
		await seedRegistrants(database.db, ev3, [
			{ firstName: 'Sanna', lastName: 'Hämäläinen', email: 'sanna.hamalainen@example.fi' },
			{ firstName: 'Åke', lastName: 'Öberg', email: 'åke.öberg@example.se' },
			{ firstName: 'Sami', lastName: 'Salo', email: 'sami@example.fi' }
		]);
		const names = async (q: string) =>
			(await listAttendees(database.db, staff, ev3.id, { q })).rows.map((r) => r.lastName);
		for (const typed of ['hamalainen', 'HÄMÄLÄINEN', 'Hama', 'sanna hamal', 'sanna.ham']) {
			expect(await names(typed), typed).toEqual(['Hämäläinen']);
		}
		for (const typed of ['ake', 'oberg', 'ake.ob', 'ÅKE.ÖB']) {
			expect(await names(typed), typed).toEqual(['Öberg']);
		}
	});

	it('counts seats, the waiting list and arrivals', async () => {
		expect(await countAttendees(database.db, ev.id)).toEqual({
			confirmed: 256,
			capacity: 1000,
			waitlisted: 32,
			// Every fifth person arrived; none of them are among the waiting or cancelled.
			checkedIn: 64,
			offers: 0
		});
		const empty = await makeEvent(database.db, { capacity: 5 });
		expect(await countAttendees(database.db, empty.id)).toEqual({
			confirmed: 0,
			capacity: 5,
			waitlisted: 0,
			checkedIn: 0,
			offers: 0
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
			[
				staff.id,
				1,
				{ view: 'list', status: 'all', sort: 'name', continued: false, searched: true }
			],
			[
				staff.id,
				1,
				{ view: 'list', status: 'waitlisted', sort: 'status', continued: false, searched: false }
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
		// A later page starts from its cursor in the name index, not by walking past the first ones.
		const keys: SortKey[] = [
			{ expression: searchKey(registration.lastName), kind: 'text' },
			{ expression: searchKey(registration.firstName), kind: 'text' },
			{ expression: sql`${registration.id}`, kind: 'id' }
		];
		const later = database.db
			.select({ id: registration.id })
			.from(registration)
			.where(
				and(
					eq(registration.eventId, ev.id),
					keysetCondition(keys, {
						direction: 'after',
						values: ['mäkinen', 'juha', '00000000-0000-4000-8000-000000000000']
					})
				)
			)
			.orderBy(...keysetOrder(keys, 'after'))
			.limit(51);
		const laterPlan = await explain(database.db, later);
		expect(laterPlan).toContain('registration_event_name_idx');
		expect(laterPlan).not.toMatch(/Sort|Seq Scan/);
		// Accent-folded name prefixes, each word in an index of its own.
		const names = await explain(database.db, base(nameCondition('hama')));
		expect(names).toContain('registration_event_last_name_idx');
		expect(names).toContain('registration_event_first_name_idx');
		expect(names).not.toMatch(/Seq Scan/);
		const all = await explain(database.db, base(attendeeSearchCondition('0401000017')));
		// On a C-collation database the global email index serves prefixes as well; elsewhere only
		// the (event, email COLLATE "C") one can.
		expect(all).toMatch(/registration_(event_)?email_idx/);
		// Either phone index serves: the per-event one, or the global one data-subject requests use.
		expect(all).toMatch(/registration_(event_)?phone_idx/);
		expect(all).not.toMatch(/Seq Scan/);
	});
});
