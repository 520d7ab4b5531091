import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, type Event, type Registration } from '../db/schema';
import { localised } from '../../event-text';
import { asLocale } from '../../locale';
import * as mail from '../mail';
import { registrationUid, type RegistrationCalendar } from '../mail/ics';
import { eventReplyTo, localePath, type MailContext } from '../mail-context';
import {
	renderRegistrationMail,
	type RegistrationMailInput,
	type RegistrationMailKind
} from '../mail/templates/registration';
import { mailTicketFor } from '../tickets/mail';
import * as tokens from '../tokens';

/** The kinds that put (or update) the seat in the registrant's calendar, and those that withdraw it. */
const REQUESTS: readonly RegistrationMailKind[] = [
	'confirmed',
	'already_confirmed',
	'promoted',
	'updated'
];
const CANCELS: readonly RegistrationMailKind[] = [
	'cancelled',
	'cancelled_by_booker',
	'event_cancelled'
];
/** The kinds that hand a confirmed seat its ticket (again, for one who signed up twice). */
const TICKETS: readonly RegistrationMailKind[] = ['confirmed', 'already_confirmed', 'promoted'];

/**
 * The calendar entry a mail carries. calendar_sequence counts the entries sent, so each one's
 * SEQUENCE is higher than the last and a client applies them in order; a registration that never
 * got an entry (it only ever waited) gets no CANCEL for one.
 */
function calendarFor(
	kind: RegistrationMailKind,
	reg: Pick<Registration, 'id' | 'calendarSequence'> & Partial<Pick<Registration, 'status'>>,
	origin: string
): RegistrationCalendar | null {
	const uid = registrationUid(reg.id, origin);
	// A change of time or place moves a seat in the calendar; a waiting-list place has no entry.
	if (kind === 'updated' && reg.status !== 'confirmed') return null;
	if (REQUESTS.includes(kind)) return { method: 'REQUEST', uid, sequence: reg.calendarSequence };
	if (CANCELS.includes(kind) && reg.calendarSequence > 0) {
		return { method: 'CANCEL', uid, sequence: reg.calendarSequence };
	}
	return null;
}

/**
 * Queues a message about a registration, with a fresh manage token: each email gets its own, so one
 * leaked link can be revoked without breaking the others. A registrant staff added without an email
 * gets neither message nor token; every caller (promotion, event cancellation) relies on that.
 * Every caller holds the event lock and read `reg` under it, so its calendar_sequence is current.
 */
export async function enqueueRegistrationMail(
	tx: Tx,
	kind: RegistrationMailKind,
	reg: Pick<
		Registration,
		| 'id'
		| 'personId'
		| 'firstName'
		| 'lastName'
		| 'email'
		| 'locale'
		| 'calendarSequence'
		| 'ticketVersion'
	> &
		Partial<Pick<Registration, 'status'>> &
		Partial<Pick<Registration, 'offerExpiresAt'>>,
	ev: Event,
	context: MailContext,
	waitlistPosition: number | null = null,
	/** On an 'updated' mail: the time and place before the change. */
	previous?: RegistrationMailInput['previous'],
	/** A group attendee's confirmation: who signed them up, with the Art. 14 notice. */
	registeredBy?: RegistrationMailInput['registeredBy']
) {
	if (!reg.email) return;
	const locale = asLocale(reg.locale);
	const calendar = calendarFor(kind, reg, context.origin);
	const ticket = TICKETS.includes(kind) ? await mailTicketFor(reg) : null;
	// The token is made here, so its row and the message go to the database together (pipelined on
	// the transaction's connection): one round trip less while a sign-up holds the event lock.
	const token = tokens.generateToken();
	const stored = tokens.mint(
		tx,
		{ purpose: 'manage', personId: reg.personId, registrationId: reg.id },
		token
	);
	const queued = mail.enqueue(tx, `registration.${kind}`, {
		...renderRegistrationMail({
			kind,
			locale,
			waitlistPosition,
			offerExpiresAt: reg.offerExpiresAt ?? null,
			registrationId: reg.id,
			firstName: reg.firstName,
			fullName: `${reg.firstName} ${reg.lastName}`.trim(),
			email: reg.email,
			event: {
				...localised(ev, locale),
				location: ev.location,
				startsAt: ev.startsAt,
				endsAt: ev.endsAt
			},
			eventUrl: context.origin + localePath(locale, `/events/${ev.slug}`),
			manageUrl: context.origin + localePath(locale, `/manage/${token}`),
			organizer: context.organizer,
			contact: { name: ev.contactName, email: ev.contactEmail, phone: ev.contactPhone },
			previous,
			calendar,
			ticket,
			registeredBy
		}),
		replyTo: eventReplyTo(ev)
	});
	// Raised with the mail in one transaction: the next entry for this registration goes higher.
	const counted = calendar
		? tx
				.update(registration)
				.set({ calendarSequence: reg.calendarSequence + 1 })
				.where(eq(registration.id, reg.id))
		: null;
	await Promise.all([stored, queued, counted]);
}
