import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { contactPerson, event, eventReminder, registration } from '../db/schema';
import { listUpcoming } from '../events';
import { seedDemo } from './seed';
import { listAttendees } from '../attendees';
import { openStaffScene } from '$tests/scene';
import { suggestContacts } from '../contacts/suggestions';
import { countUnlinked } from '../contacts/unlinked';
import { countOverdue } from '../requests';
import { DATABASE_KINDS } from '$tests/databases';

describe.each(DATABASE_KINDS)('seedDemo on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	it('adds three upcoming events once, one with 19 of 20 seats taken', async () => {
		const first = await seedDemo(database.db);
		expect(first).toEqual({ seeded: true, events: 3, registrations: 19 });
		expect(await seedDemo(database.db)).toEqual({ seeded: false, events: 0, registrations: 0 });

		const upcoming = await listUpcoming(database.db);
		expect(upcoming).toHaveLength(3);
		expect(upcoming.every((e) => e.startsAt.getTime() > Date.now())).toBe(true);
		const course = upcoming.find((e) => e.capacity === 20)!;
		expect(course.confirmedCount).toBe(19);
		const rows = await database.db
			.select()
			.from(registration)
			.where(eq(registration.eventId, course.id));
		expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(19);
		// Each has its default reminder, so the reminders page has something to show.
		const reminders = await database.db.select().from(eventReminder);
		for (const e of upcoming) {
			expect(reminders.filter((r) => r.eventId === e.id).map((r) => r.hours)).toEqual([24]);
		}

		// Aino is already a contact; Eero's registration waits in the queue with a phone match.
		const list = await listAttendees(database.db, staff, course.id, { q: 'Virtanen' });
		expect(list.rows[0]).toMatchObject({ organisation: 'Virtasen Maansiirto Ky' });
		const eero = rows.find((r) => r.lastName === 'Korhonen')!;
		const [match] = await suggestContacts(database.db, eero);
		expect(match).toMatchObject({ lastName: 'Korhonen', reasons: ['phone', 'similar_name'] });
		expect(await countUnlinked(database.db)).toBe(18);
		// The demo is a healthy organisation: the dashboard must not open on a red overdue count.
		expect(await countOverdue(database.db, new Date())).toBe(0);
	});

	it('does not seed again after the demo events were removed', async () => {
		await database.db.delete(contactPerson);
		await database.db.delete(registration);
		await database.db.delete(event);
		expect((await seedDemo(database.db)).seeded).toBe(false);
	});
});
