import type { Db } from '../../../src/lib/server/db';
import * as events from '../../../src/lib/server/events';
import * as registrations from '../../../src/lib/server/registrations';
import { DOOR_EVENT } from './data';

/**
 * One registrant on today's door event before the app starts, so its attendee list links to a
 * registrant page from the first request on (the access matrix follows such links to reach it);
 * the journeys in staff/attendees.spec.ts sign up their own people.
 */
export async function seedDoorDay(db: Db, origin: string) {
	const event = await events.findPublicBySlug(db, DOOR_EVENT);
	if (!event) throw new Error(`${DOOR_EVENT} is missing; extraEvents() creates it`);
	const result = await registrations.register(db, {
		event,
		data: {
			firstName: 'Siiri',
			lastName: 'Siemen',
			email: 'e2e-door-seed@example.fi',
			phone: '',
			street: '',
			postalCode: '',
			city: ''
		},
		locale: 'fi',
		origin,
		organizer: { name: 'Wetteri Trucks Oy', email: 'wetteritrucks@wetteri.fi' }
	});
	if (!result.ok) throw new Error(`could not seed ${DOOR_EVENT}: ${result.reason}`);
}
