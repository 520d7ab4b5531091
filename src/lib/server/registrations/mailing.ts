import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, type Event, type OutboxMessage, type Registration } from '../db/schema';
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
 * Whether a mail puts the seat in the calendar, withdraws it, or carries no entry. A change of time
 * or place moves a seat in the calendar; a waiting-list place has no entry. A registration that
 * never got an entry (it only ever waited) gets no CANCEL for one.
 */
function calendarMethod(
	kind: RegistrationMailKind,
	reg: Pick<Registration, 'calendarSequence'> & Partial<Pick<Registration, 'status'>>
): 'REQUEST' | 'CANCEL' | null {
	if (kind === 'updated' && reg.status !== 'confirmed') return null;
	if (REQUESTS.includes(kind)) return 'REQUEST';
	if (CANCELS.includes(kind) && reg.calendarSequence > 0) return 'CANCEL';
	return null;
}

/**
 * The calendar entry a mail carries. calendar_sequence counts the entries sent, so each one's
 * SEQUENCE is higher than the last and a client applies them in order.
 */
function calendarFor(
	kind: RegistrationMailKind,
	reg: Pick<Registration, 'id' | 'calendarSequence'> & Partial<Pick<Registration, 'status'>>,
	origin: string
): RegistrationCalendar | null {
	const method = calendarMethod(kind, reg);
	if (!method) return null;
	return { method, uid: registrationUid(reg.id, origin), sequence: reg.calendarSequence };
}

type MailedRegistration = Pick<
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
	Partial<Pick<Registration, 'offerExpiresAt'>>;

/**
 * A message about a registration as the outbox stores it, with the manage link of `token`. Apart
 * from enqueueRegistrationMail, so that a sign-up can render its mail before it takes the event's
 * lock and store it in the same statement as the seat (sign-up.ts). `waitlistPosition` may be a
 * placeholder that the statement replaces with the rank.
 */
export function registrationMessage(
	kind: RegistrationMailKind,
	reg: MailedRegistration & { email: string },
	ev: Event,
	context: MailContext,
	token: string,
	waitlistPosition: number | null = null,
	previous?: RegistrationMailInput['previous'],
	registeredBy?: RegistrationMailInput['registeredBy']
): OutboxMessage {
	const locale = asLocale(reg.locale);
	const calendar = calendarFor(kind, reg, context.origin);
	const ticket = TICKETS.includes(kind) ? mailTicketFor(reg) : null;
	return {
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
	};
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
	reg: MailedRegistration,
	ev: Event,
	context: MailContext,
	waitlistPosition: number | null = null,
	/** On an 'updated' mail: the time and place before the change. */
	previous?: RegistrationMailInput['previous'],
	/** A group attendee's confirmation: who signed them up, with the Art. 14 notice. */
	registeredBy?: RegistrationMailInput['registeredBy']
) {
	if (!reg.email) return;
	// The token is made here, so its row and the message go to the database together (pipelined on
	// the transaction's connection): one round trip less while a sign-up holds the event lock.
	const token = tokens.generateToken();
	const message = registrationMessage(
		kind,
		{ ...reg, email: reg.email },
		ev,
		context,
		token,
		waitlistPosition,
		previous,
		registeredBy
	);
	const stored = tokens.mint(
		tx,
		{ purpose: 'manage', personId: reg.personId, registrationId: reg.id },
		token
	);
	const queued = mail.enqueue(tx, `registration.${kind}`, message);
	const calendar = calendarMethod(kind, reg) !== null;
	// Raised with the mail in one transaction: the next entry for this registration goes higher.
	const counted = calendar
		? tx
				.update(registration)
				.set({ calendarSequence: reg.calendarSequence + 1 })
				.where(eq(registration.id, reg.id))
		: null;
	await Promise.all([stored, queued, counted]);
}
