import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db';
import { auditEvent, organisation, registration } from '../db/schema';
import { makeStaff, seedRegistrants } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { makeContact } from '$tests/permissions';
import { nameIn, nameRecords, type NameOptions, type NameRight } from './names';
import { searchAudit } from './query';

const ERASED = { firstName: 'Poistettu', lastName: 'henkilö' };
const MISSING = '00000000-0000-4000-8000-000000000000';

const reader = (rights: NameRight[] | 'all', locale: 'fi' | 'en' = 'en'): NameOptions => ({
	may: (right) => rights === 'all' || rights.includes(right),
	erased: ERASED,
	locale
});

describe.each(DATABASE_KINDS)('audit record names on %s', (kind) => {
	let database: Database;
	let db: Db;
	let admin: { id: string; displayName: string };
	let eventId: string;
	let regId: string;
	let erasedId: string;
	let contactId: string;
	let orgId: string;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		db = database.db;
		admin = await makeStaff(db, 'admin');
		const ev = await makeEvent(db, { titleFi: 'Kevätpäivä', titleEn: 'Spring day' });
		eventId = ev.id;
		const [pia, gone] = await seedRegistrants(db, ev, [
			{ firstName: 'Pia', lastName: 'Pihlaja' },
			{ firstName: 'Olli', lastName: 'Oksa' }
		]);
		regId = pia!.id;
		erasedId = gone!.id;
		await db.update(registration).set(ERASED).where(eq(registration.id, erasedId));
		contactId = (await makeContact(db, { firstName: 'Kaisa', lastName: 'Koivu' })).id;
		const [org] = await db.insert(organisation).values({ name: 'Kuljetus Oy' }).returning();
		orgId = org!.id;
	});

	afterAll(() => database?.close());

	const refs = () => [
		{ type: 'event', id: eventId },
		{ type: 'registration', id: regId },
		{ type: 'registration', id: erasedId },
		{ type: 'registration', id: MISSING },
		{ type: 'contact', id: contactId },
		{ type: 'organisation', id: orgId },
		{ type: 'staff_user', id: admin.id },
		{ type: 'staff_setting', id: 'door_window_hours' }
	];

	it('names every record for a reader with every right, and says when one is gone', async () => {
		const nameOf = nameIn(await nameRecords(db, refs(), reader('all')));
		expect(nameOf('event', eventId)).toEqual({
			text: 'Spring day',
			path: `/staff/events/${eventId}`,
			personal: false
		});
		expect(nameOf('registration', regId)).toEqual({
			text: 'Pia Pihlaja, Spring day',
			path: `/staff/events/${eventId}/registrants/${regId}`,
			personal: true
		});
		expect(nameOf('registration', erasedId).text).toBe('registration (personal data erased)');
		expect(nameOf('registration', erasedId).personal).toBe(false);
		expect(nameOf('registration', MISSING)).toEqual({
			text: 'registration (removed)',
			path: null,
			personal: false
		});
		expect(nameOf('contact', contactId).text).toBe('Kaisa Koivu');
		expect(nameOf('organisation', orgId).text).toBe('Kuljetus Oy');
		expect(nameOf('staff_user', admin.id).text).toBe(admin.displayName);
		expect(nameOf('staff_setting', 'door_window_hours').text).toBe(
			'setting: door list window in hours'
		);
	});

	it('shows a neutral word, and no link, where the reader lacks the right', async () => {
		const nameOf = nameIn(await nameRecords(db, refs(), reader(['events.view'], 'fi')));
		expect(nameOf('event', eventId).text).toBe('Kevätpäivä');
		expect(nameOf('registration', regId)).toEqual({
			text: 'ilmoittautuminen',
			path: null,
			personal: false
		});
		// Whether a record still exists is not told either.
		expect(nameOf('registration', MISSING).text).toBe('ilmoittautuminen');
		expect(nameOf('contact', contactId).text).toBe('yhteyshenkilö');
		expect(nameOf('organisation', orgId).text).toBe('organisaatio');
		expect(nameOf('staff_user', admin.id).text).toBe('käyttäjä');
	});

	it('records how many people the page named in its own audit.viewed event', async () => {
		await db.insert(auditEvent).values([
			{
				actorId: admin.id,
				actorKind: 'staff',
				action: 'contact.linked',
				subjectType: 'contact',
				subjectId: contactId,
				details: { registrationId: regId }
			},
			{
				actorId: admin.id,
				actorKind: 'staff',
				action: 'registration.checked_in',
				subjectType: 'registration',
				subjectId: erasedId,
				details: { eventId }
			}
		]);
		const page = await searchAudit(db, admin, { action: 'contact.' }, reader('all'));
		expect(nameIn(page.names)('registration', regId).text).toBe('Pia Pihlaja, Spring day');
		const [viewed] = await db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.action, 'audit.viewed'), eq(auditEvent.actorId, admin.id)))
			.orderBy(desc(auditEvent.id))
			.limit(1);
		// Kaisa (the contact) and Pia (the registration in the details): two people named.
		expect(viewed!.details).toMatchObject({ action: 'contact.', position: 'newest', named: 2 });

		const narrow = await searchAudit(
			db,
			admin,
			{ action: 'registration.' },
			reader(['events.view'])
		);
		expect(nameIn(narrow.names)('registration', erasedId).text).toBe('registration');
		const [again] = await db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'audit.viewed'))
			.orderBy(desc(auditEvent.id))
			.limit(1);
		expect(again!.details).toMatchObject({ named: 0 });
	});
});
