/**
 * A second sign-up with an email already registered for the event: nothing new is stored, the
 * answer is what a new sign-up would get, and the address's owner is told by email (capped).
 */
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, type Event, type Registration } from '../db/schema';
import type { MailContext } from '../mail-context';
import { config, type RateLimitSpec } from '../config';
import * as rateLimits from '../rate-limit';
import { enqueueRegistrationMail } from './mailing';
import { peekPlace } from './places';
import { waitlistRank } from './queries';
import type { RegisterInput } from './register';

const DAY_MS = 86_400_000;

/**
 * "Already registered" mails per recipient per day, over every event: enough for someone who
 * forgot they had signed up, too few to make the form a way to fill a stranger's inbox.
 */
export const ALREADY_REGISTERED_MAILS: RateLimitSpec = { max: 3, windowSeconds: DAY_MS / 1000 };

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
export async function answerDuplicate(tx: Tx, input: RegisterInput, emailNormalised: string) {
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
export async function askMarketingConsent(
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
