import { eq } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db';
import { registration } from '../../../src/lib/server/db/schema';
import * as events from '../../../src/lib/server/events';
import { recordDecision } from '../../../src/lib/server/permissions';
import * as registrations from '../../../src/lib/server/registrations';
import { messagesEvent, messagesPerson, SMALL_EVENT_ATTEMPTS, type Locale } from './data';

/**
 * Signs both up before the app starts, and records the Swede's own confirmed consent to news by
 * email (the double opt-in journey itself is public/consent.spec.ts's): the messages journey then
 * spends its time on the staff pages it is about.
 */
export async function seedMessagesEvents(db: Db, origin: string) {
	for (let attempt = 0; attempt < SMALL_EVENT_ATTEMPTS; attempt++) {
		const event = await events.findPublicBySlug(db, messagesEvent(attempt));
		if (!event) throw new Error(`${messagesEvent(attempt)} is missing; extraEvents() creates it`);
		for (const locale of ['fi', 'sv'] as const satisfies Locale[]) {
			const result = await registrations.register(db, {
				event,
				data: {
					...messagesPerson(locale, attempt),
					phone: '',
					street: '',
					postalCode: '',
					city: ''
				},
				locale,
				origin,
				organizer: { name: 'Wetteri Trucks Oy', email: 'wetteritrucks@wetteri.fi' }
			});
			if (!result.ok) throw new Error(`could not seed ${event.slug}: ${result.reason}`);
			if (locale !== 'sv') continue;
			const [row] = await db
				.select({ personId: registration.personId })
				.from(registration)
				.where(eq(registration.id, result.registrationId));
			const granted = await recordDecision(db, {
				personId: row!.personId,
				channel: 'email',
				decision: 'granted',
				basis: 'consent',
				source: 'link',
				recordedBy: { kind: 'person' }
			});
			if (!granted.ok) throw new Error(`could not record consent: ${granted.reason}`);
		}
	}
}
