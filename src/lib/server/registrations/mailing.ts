import type { Locale } from '../../datetime';
import type { Tx } from '../db';
import type { Event, Registration } from '../db/schema';
import { localised } from '../../event-text';
import * as mail from '../mail';
import { localePath, type MailContext } from '../mail-context';
import { renderRegistrationMail, type RegistrationMailKind } from '../mail/templates/registration';
import * as tokens from '../tokens';

/**
 * Queues a message about a registration, with a fresh manage token: each email gets its own, so one
 * leaked link can be revoked without breaking the others. A registrant staff added without an email
 * gets neither message nor token; every caller (promotion, event cancellation) relies on that.
 */
export async function enqueueRegistrationMail(
	tx: Tx,
	kind: RegistrationMailKind,
	reg: Pick<Registration, 'id' | 'personId' | 'firstName' | 'email' | 'locale'>,
	ev: Event,
	context: MailContext,
	waitlistPosition: number | null = null
) {
	if (!reg.email) return;
	const locale = (reg.locale === 'en' ? 'en' : 'fi') as Locale;
	// The token is made here, so its row and the message go to the database together (pipelined on
	// the transaction's connection): one round trip less while a sign-up holds the event lock.
	const token = tokens.generateToken();
	const stored = tokens.mint(
		tx,
		{ purpose: 'manage', personId: reg.personId, registrationId: reg.id },
		token
	);
	const queued = mail.enqueue(
		tx,
		`registration.${kind}`,
		renderRegistrationMail({
			kind,
			locale,
			waitlistPosition,
			registrationId: reg.id,
			firstName: reg.firstName,
			email: reg.email,
			event: {
				...localised(ev, locale),
				location: ev.location,
				startsAt: ev.startsAt,
				endsAt: ev.endsAt
			},
			eventUrl: context.origin + localePath(locale, `/events/${ev.slug}`),
			manageUrl: context.origin + localePath(locale, `/manage/${token}`),
			organizer: context.organizer
		})
	);
	await Promise.all([stored, queued]);
}
