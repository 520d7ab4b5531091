import type { Db } from '../../src/lib/server/db';
import type { Event, NewEvent } from '../../src/lib/server/db/schema';
import * as events from '../../src/lib/server/events';
import type { SignupData } from '../../src/lib/schemas/registration';

const DAY_MS = 86_400_000;
let counter = 0;

/**
 * An event row as the database returns it, without a database: for the page cache's keys and
 * versions. Published, registration open in November 2026, 10 of 100 seats taken.
 */
export function eventRow(overrides: Partial<Event> = {}): Event {
	return {
		id: '00000000-0000-4000-8000-000000000001',
		slug: 'kuorma-autopaiva',
		status: 'published',
		capacity: 100,
		confirmedCount: 10,
		waitlistSeq: 0,
		startsAt: new Date('2026-12-10T08:00:00Z'),
		endsAt: new Date('2026-12-10T12:00:00Z'),
		registrationOpensAt: new Date('2026-11-01T08:00:00Z'),
		registrationClosesAt: new Date('2026-12-05T08:00:00Z'),
		updatedAt: new Date('2026-11-20T08:00:00Z'),
		...overrides
	} as unknown as Event;
}

/** A published event a week from now, open for sign-up, unless overridden. */
export function makeEvent(db: Db, overrides: Partial<NewEvent> = {}) {
	counter++;
	const startsAt = new Date(Date.now() + 7 * DAY_MS);
	return events.create(db, {
		slug: `test-event-${counter}-${Math.random().toString(36).slice(2, 7)}`,
		titleFi: `Testitapahtuma ${counter}`,
		titleEn: `Test event ${counter}`,
		descriptionFi: 'Kuvaus',
		descriptionEn: 'Description',
		startsAt,
		endsAt: new Date(startsAt.getTime() + 4 * 3_600_000),
		location: 'Pollenkuja 6, Turku',
		capacity: 20,
		status: 'published',
		...overrides
	});
}

export function makeSignup(overrides: Partial<SignupData> = {}): SignupData {
	counter++;
	return {
		firstName: 'Aino',
		lastName: 'Virtanen',
		email: `aino.${counter}@example.fi`,
		phone: '',
		street: '',
		postalCode: '',
		city: '',
		...overrides
	};
}

export const ORGANIZER = { name: 'Wetteri Trucks Oy', email: 'wetteritrucks@wetteri.fi' };
export const ORIGIN = 'http://ilmo.test';
