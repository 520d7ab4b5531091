import { and, eq, ne } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { signupSchemaFor, type FieldErrorKey, type SignupData } from '../../schemas/registration';
import type { Db, Tx } from '../db';
import { person, registration, type Event, type Registration } from '../db/schema';
import * as mail from '../mail';
import { normalisePhone } from '../phone';
import { NOTICE_VERSION } from '../privacy/notice';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from './mailing';
import { claimPlace, peekPlace } from './places';
import { waitlistRank } from './queries';
import { isUniqueViolation } from '../db/errors';
import { normaliseEmail } from '../person/email';
import { applySuppression } from '../suppression';
import { newTicket, withTicket } from '../tickets';
import { prepareMailTicket } from '../tickets/mail';
import { config, type RateLimitSpec } from '../config';
import * as rateLimits from '../rate-limit';

/** What a sign-up passes on to start a marketing double opt-in. */
export interface NewsConsentRequest {
	personId: string;
	email: string;
	locale: Locale;
	context: MailContext;
}

export interface RegisterInput extends MailContext {
	event: Event;
	data: SignupData;
	locale: Locale;
	/**
	 * The separate marketing choice (never a condition): when ticked, the caller hands down
	 * permissions' requestEmailConsent and a double opt-in email follows in the same transaction.
	 * Registrations sit below permissions, so they take it as a parameter instead of importing it.
	 */
	askNewsConsent?: (tx: Tx, request: NewsConsentRequest) => Promise<unknown>;
	now?: Date;
}

export type RegisterResult =
	| {
			ok: true;
			/** What the visitor is shown; for a duplicate, what a new sign-up would have got. */
			status: 'confirmed' | 'waitlisted';
			registrationId: string;
			waitlistPosition: number | null;
			/** The email already had an active registration here: nothing new was stored. */
			duplicate: boolean;
	  }
	| { ok: false; reason: 'closed' }
	| { ok: false; reason: 'invalid'; errors: Partial<Record<keyof SignupData, FieldErrorKey>> };

const DAY_MS = 86_400_000;

/** When a registration for the event is purged: its retention days after it ends. */
export function purgeAfterFor(ev: Pick<Event, 'endsAt' | 'retentionDays'>): Date {
	return new Date(ev.endsAt.getTime() + ev.retentionDays * DAY_MS);
}

/**
 * "Already registered" mails per recipient per day, over every event: enough for someone who
 * forgot they had signed up, too few to make the form a way to fill a stranger's inbox.
 */
export const ALREADY_REGISTERED_MAILS: RateLimitSpec = { max: 3, windowSeconds: DAY_MS / 1000 };

/** Thrown inside the sign-up transaction when the event is not open, to roll it back. */
class RegistrationClosed extends Error {}

/**
 * The person key of an earlier registrant with the same email, or a new one; always a new one
 * without an email (a sign-up staff took over the phone).
 */
export async function personFor(tx: Tx, emailNormalised: string | null): Promise<string> {
	if (emailNormalised) {
		const [existing] = await tx
			.select({ personId: registration.personId })
			.from(registration)
			.where(eq(registration.emailNormalised, emailNormalised))
			.limit(1);
		if (existing) return existing.personId;
	}
	const [created] = await tx.insert(person).values({}).returning({ id: person.id });
	return created!.id;
}

/**
 * Whether a repeated sign-up may mail the address's owner again. Anyone can type anyone's email
 * from any number of client addresses, so the count is per recipient, under an HMAC of the
 * normalised email (rate-limit keys never hold the email). Counted in the sign-up's transaction:
 * concurrent repeats wait for each other, and a rolled-back attempt does not count.
 */
async function mayNotify(tx: Tx, now: Date | undefined, emailNormalised: string) {
	const counted = await rateLimits.hit(tx, {
		bucket: 'already-registered',
		address: emailNormalised,
		limit: ALREADY_REGISTERED_MAILS,
		secret: config().rateKey,
		now
	});
	return counted.allowed;
}

/** The email's active (not cancelled) registration for the event, if any. */
export async function findActiveRegistration(tx: Tx, eventId: string, emailNormalised: string) {
	const [existing] = await tx
		.select()
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				eq(registration.emailNormalised, emailNormalised),
				ne(registration.status, 'cancelled')
			)
		)
		.limit(1);
	return existing ?? null;
}

/**
 * Tells an already registered address's owner so, under the per-recipient daily cap; false when
 * over it (no mail, the same answer).
 */
export async function mailAlreadyRegistered(
	tx: Tx,
	existing: Registration,
	ev: Event,
	context: MailContext,
	now?: Date
): Promise<boolean> {
	if (!(await mayNotify(tx, now, existing.emailNormalised!))) return false;
	const rank =
		existing.status === 'waitlisted'
			? await waitlistRank(tx, ev.id, existing.waitlistPosition!)
			: null;
	await enqueueRegistrationMail(
		tx,
		existing.status === 'waitlisted' ? 'already_waitlisted' : 'already_confirmed',
		existing,
		ev,
		context,
		rank
	);
	return true;
}

/**
 * A second sign-up with the same email changes nothing and looks, to whoever submitted it, exactly
 * like a new one would; the address's owner is told by email that they were already registered
 * (up to a daily cap, past which the answer stays the same and no mail goes).
 */
async function answerDuplicate(tx: Tx, input: RegisterInput, emailNormalised: string) {
	const existing = await findActiveRegistration(tx, input.event.id, emailNormalised);
	if (!existing) return null;
	if (await mailAlreadyRegistered(tx, existing, input.event, input, input.now)) {
		await askMarketingConsent(tx, input, existing.personId, existing.email!);
	}
	const status = await peekPlace(tx, input.event.id);
	return {
		ok: true as const,
		status,
		registrationId: existing.id,
		waitlistPosition: null,
		duplicate: true
	};
}

/**
 * The ticked news choice only starts a double opt-in: a separate email whose link alone records
 * consent. A standing prohibition makes this a silent no-op, so the form reveals nothing about it.
 */
async function askMarketingConsent(
	tx: Tx,
	input: RegisterInput,
	personId: string,
	email: string
): Promise<void> {
	await input.askNewsConsent?.(tx, {
		personId,
		email,
		locale: input.locale,
		context: { origin: input.origin, organizer: input.organizer }
	});
}

/**
 * Signs a person up for an event: a confirmed seat or a waiting-list place, and the confirmation
 * email with a manage link, all in one transaction. Mail is only queued here, so a mail outage never
 * fails a registration.
 */
export async function register(db: Db, input: RegisterInput): Promise<RegisterResult> {
	const now = input.now ?? new Date();
	const { event: ev, locale } = input;

	// Routes validate too, for the form's sake; this keeps the rule true for every caller.
	const parsed = signupSchemaFor(ev).safeParse(input.data);
	if (!parsed.success) {
		const errors: Partial<Record<keyof SignupData, FieldErrorKey>> = {};
		for (const issue of parsed.error.issues) {
			errors[issue.path[0] as keyof SignupData] ??= issue.message as FieldErrorKey;
		}
		return { ok: false, reason: 'invalid', errors };
	}
	const data = parsed.data;
	let phone: string | null = null;
	if (ev.phonePolicy !== 'hidden' && data.phone) {
		phone = normalisePhone(data.phone);
		if (!phone) return { ok: false, reason: 'invalid', errors: { phone: 'phoneInvalid' } };
	}
	const withAddress = ev.addressPolicy !== 'hidden';
	const emailNormalised = normaliseEmail(data.email);

	// Drawn before any lock is taken, with the ticket image its confirmation will carry.
	const ticket = newTicket();
	prepareMailTicket(ticket);
	const attempt = () =>
		db.transaction(async (tx): Promise<RegisterResult> => {
			const duplicate = await answerDuplicate(tx, input, emailNormalised);
			if (duplicate) return duplicate;
			// claimPlace locks the event row until the commit, and every sign-up to this event waits
			// for that lock: whatever needs no seat is done before it, and what follows it is sent
			// pipelined, so a rush queues behind two or three round trips, not eight.
			const personId = await personFor(tx, emailNormalised);
			// An erased person who had prohibited marketing: the prohibition comes back with them.
			await applySuppression(tx, personId, { email: data.email, phone });
			const place = await claimPlace(tx, ev.id, now);
			// Closed: throwing rolls back the person row made above.
			if (!place) throw new RegistrationClosed();
			const created = withTicket(
				{
					eventId: ev.id,
					personId,
					firstName: data.firstName,
					lastName: data.lastName,
					email: data.email,
					emailNormalised,
					phone,
					street: withAddress ? data.street || null : null,
					postalCode: withAddress ? data.postalCode || null : null,
					city: withAddress ? data.city || null : null,
					locale,
					status: place.status,
					waitlistPosition: place.waitlistPosition,
					noticeVersion: NOTICE_VERSION,
					// No calendar entry has been sent yet: the confirmation's is the first.
					calendarSequence: 0,
					purgeAfter: purgeAfterFor(ev)
				},
				ticket
			);
			// The rank counts those ahead, so it does not depend on the insert running first (every
			// one ahead has committed: their claim held the lock this one waited for).
			const position = place.waitlistPosition;
			const [, ahead] = await Promise.all([
				tx.insert(registration).values(created),
				position ? waitlistRank(tx, ev.id, position - 1) : null
			]);
			const rank = position ? (ahead ?? 0) + 1 : null;
			await enqueueRegistrationMail(tx, place.status, created, ev, input, rank);
			await askMarketingConsent(tx, input, personId, data.email);
			return {
				ok: true,
				status: place.status,
				registrationId: created.id,
				waitlistPosition: place.waitlistPosition,
				duplicate: false
			};
		});

	let result: RegisterResult;
	try {
		result = await attempt().catch((error: unknown) => {
			// Two sign-ups with one email raced past the duplicate check; the unique index stopped the
			// second, whose transaction (seat included) rolled back. Now it finds the first one.
			if (!isUniqueViolation(error)) throw error;
			return attempt();
		});
	} catch (error) {
		if (error instanceof RegistrationClosed) return { ok: false, reason: 'closed' };
		throw error;
	}
	if (result.ok) mail.wake();
	return result;
}
