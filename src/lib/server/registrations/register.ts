import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { signupSchemaFor, type FieldErrorKey, type SignupData } from '../../schemas/registration';
import type { Db, Tx } from '../db';
import { person, registration, type Event } from '../db/schema';
import * as mail from '../mail';
import { hashRecipient, outboxMessage } from '../mail/outbox';
import { normalisePhone } from '../phone';
import { NOTICE_VERSION } from '../privacy/notice';
import type { MailContext } from '../mail-context';
import { answerDuplicate, askMarketingConsent } from './duplicates';
import { registrationMessage } from './mailing';
import { claimAndStore, lookUp, RANK_MARKER, type Claimed } from './sign-up';
import { isUniqueViolation } from '../db/errors';
import { normaliseEmail } from '../person/email';
import { applySuppression, suppressionHmac } from '../suppression';
import { newTicket } from '../tickets';
import * as tokens from '../tokens';
import * as rateLimits from '../rate-limit';
import type { HitInput, HitKey } from '../rate-limit';

// Shared with group sign-ups (groups/register.ts), which answer their repeats the same way.
export {
	ALREADY_REGISTERED_MAILS,
	findActiveRegistration,
	mailAlreadyRegistered
} from './duplicates';

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
 * Seats left below which a sign-up renders both confirmations ahead: in a rush the count read
 * before the lock is soon out of date.
 */
const NEAR_FULL = 10;

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

/** What a sign-up needs to know before it takes the lock (see sign-up.ts). */
async function lookUpSignUp(
	db: Db,
	input: RegisterInput,
	emailNormalised: string,
	phone: string | null,
	rateLimit: HitKey | null
) {
	return lookUp(db, {
		eventId: input.event.id,
		emailNormalised,
		suppressionHmacs: [
			suppressionHmac('email', input.data.email),
			phone ? suppressionHmac('phone', phone) : null
		],
		rateLimit
	});
}

/**
 * Signs a person up for an event: a confirmed seat or a waiting-list place, and the confirmation
 * email with a manage link, all in one statement (sign-up.ts): on PostgreSQL three round trips in
 * all with the caller's event read, one of them under the event's lock. Mail is only queued here,
 * so a mail outage never fails a registration.
 */
export async function register(db: Db, input: RegisterInput): Promise<RegisterResult> {
	const result = await registerCounted(db, input, null);
	if (!result.ok && result.reason === 'rateLimited') throw new Error('no rate limit was given');
	return result;
}

/** Over the client's rate limit: nothing was stored. */
export type RateLimited = { ok: false; reason: 'rateLimited'; retryAfterSeconds: number };

/**
 * register, with the client's rate-limit hit counted in the sign-up's look-up (one round trip
 * less): over the limit, nothing is stored and the answer says when to try again.
 */
export async function registerCounted(
	db: Db,
	input: RegisterInput,
	limit: Omit<HitInput, 'now'> | null
): Promise<RegisterResult | RateLimited> {
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

	// Drawn before any lock is taken; the mail worker draws its QR image when it sends the mail.
	const ticket = newTicket();
	const values = {
		id: ticket.id,
		firstName: data.firstName,
		lastName: data.lastName,
		email: data.email,
		emailNormalised,
		phone,
		street: withAddress ? data.street || null : null,
		postalCode: withAddress ? data.postalCode || null : null,
		city: withAddress ? data.city || null : null,
		locale,
		ticketVersion: ticket.ticketVersion,
		ticketHash: ticket.ticketHash,
		noticeVersion: NOTICE_VERSION,
		purgeAfter: purgeAfterFor(ev)
	};
	// Both confirmations the sign-up may get, rendered before the lock; the statement stores one.
	const token = tokens.generateToken();
	const mailed = {
		...values,
		personId: '',
		// The confirmation carries the calendar entry's first version.
		calendarSequence: 0
	};
	const render = (status: 'confirmed' | 'waitlisted') =>
		JSON.stringify(
			outboxMessage(
				registrationMessage(
					status,
					{ ...mailed, status },
					ev,
					input,
					token,
					status === 'waitlisted' ? RANK_MARKER : null
				)
			)
		);
	// Rendered before the lock but after the look-up, so that a sign-up refused by the rate limit
	// or answered as a duplicate costs no rendering: only the confirmation the event's state
	// predicts, unless it is close to full (either may come); the statement takes no place whose
	// mail is missing.
	let confirmedMessage: string | null = null;
	let waitlistedMessage: string | null = null;
	const renderPredicted = () => {
		if (confirmedMessage || waitlistedMessage) return;
		const seatsLeft = ev.capacity - ev.confirmedCount;
		if (seatsLeft > NEAR_FULL) confirmedMessage = render('confirmed');
		else if (seatsLeft <= 0) waitlistedMessage = render('waitlisted');
		else {
			confirmedMessage = render('confirmed');
			waitlistedMessage = render('waitlisted');
		}
	};

	const rateLimit = limit ? rateLimits.hitKey({ ...limit, now }) : null;
	const attempt = async (key: HitKey | null): Promise<RegisterResult | RateLimited> => {
		const found = await lookUpSignUp(db, input, emailNormalised, phone, key);
		if (key && limit && found.hits !== null) {
			const outcome = rateLimits.hitOutcome(key, limit.limit, found.hits);
			if (!outcome.allowed) {
				return { ok: false, reason: 'rateLimited', retryAfterSeconds: outcome.retryAfterSeconds };
			}
		}
		if (found.existingId) {
			const duplicate = await db.transaction((tx) => answerDuplicate(tx, input, emailNormalised));
			// Cancelled in the meantime: a new sign-up after all.
			if (duplicate) return duplicate;
		}
		renderPredicted();
		const personId = found.personId ?? randomUUID();
		const claim = {
			eventId: ev.id,
			now,
			personId,
			newPerson: !found.personId,
			registration: values,
			tokenHash: tokens.hashToken(token),
			recipientHash: hashRecipient(data.email),
			confirmedMessage,
			waitlistedMessage
		};
		const claimOn = async (on: Db | Tx, newPerson: boolean) => {
			const claimed = await claimAndStore(on, { ...claim, newPerson });
			if (claimed || (confirmedMessage && waitlistedMessage)) return claimed;
			// The guess was wrong (or the event closed): nothing was written; again with both.
			confirmedMessage ??= render('confirmed');
			waitlistedMessage ??= render('waitlisted');
			return claimAndStore(on, { ...claim, newPerson, confirmedMessage, waitlistedMessage });
		};
		let place: Claimed | null;
		if (!found.suppressed && !input.askNewsConsent) {
			place = await claimOn(db, claim.newPerson);
		} else {
			// Rare: writes that must stand or fall with the sign-up come first, in its transaction.
			place = await db.transaction(async (tx) => {
				if (claim.newPerson) await tx.insert(person).values({ id: personId });
				// An erased person who had prohibited marketing: the prohibition comes back with them.
				if (found.suppressed) await applySuppression(tx, personId, { email: data.email, phone });
				await askMarketingConsent(tx, input, personId, data.email);
				const claimed = await claimOn(tx, false);
				// Closed: throwing rolls back what was written above.
				if (!claimed) throw new RegistrationClosed();
				return claimed;
			});
		}
		if (!place) return { ok: false, reason: 'closed' };
		return {
			ok: true,
			status: place.status,
			registrationId: ticket.id,
			waitlistPosition: place.waitlistPosition,
			duplicate: false
		};
	};

	let result: RegisterResult | RateLimited;
	try {
		result = await attempt(rateLimit).catch((error: unknown) => {
			// Two sign-ups with one email raced past the duplicate check; the unique index stopped the
			// second, whose statement (seat included) wrote nothing. Now it finds the first one; its
			// hit was counted already.
			if (!isUniqueViolation(error)) throw error;
			return attempt(null);
		});
	} catch (error) {
		if (error instanceof RegistrationClosed) return { ok: false, reason: 'closed' };
		throw error;
	}
	if (result.ok) mail.wake();
	return result;
}
