import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { event, person, registration, type Event } from '../db/schema';
import type { Db, Tx } from '../db';
import { signupSchemaFor, type FieldErrorKey, type SignupData } from '../../schemas/registration';
import type { Locale } from '../../datetime';
import { localised } from '../events';
import * as mail from '../mail';
import { renderRegistrationMail } from '../mail/templates/registration';
import { normalisePhone } from '../phone';
import * as tokens from '../tokens';
import { NOTICE_VERSION } from './notice';

export interface RegisterInput {
	event: Event;
	data: SignupData;
	locale: Locale;
	/** Where links in the email point, e.g. https://events.wetteritrucks.fi */
	origin: string;
	organizer: { name: string; email: string };
	now?: Date;
}

export type RegisterResult =
	| {
			ok: true;
			registrationId: string;
			status: 'confirmed' | 'waitlisted';
			waitlistPosition: number | null;
	  }
	| { ok: false; reason: 'closed' }
	| { ok: false; reason: 'invalid'; errors: Partial<Record<keyof SignupData, FieldErrorKey>> };

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

const DAY_MS = 86_400_000;

/** Same rule as events.registrationState, evaluated by the database at the moment of booking. */
function openForSignup(now: Date) {
	return and(
		eq(event.status, 'published'),
		or(isNull(event.registrationOpensAt), lte(event.registrationOpensAt, now)),
		or(isNull(event.registrationClosesAt), gt(event.registrationClosesAt, now)),
		gt(event.endsAt, now)
	);
}

/**
 * Takes a seat if one is free, else the next waiting-list number. Each is one conditional UPDATE on
 * the event row: PostgreSQL re-checks the condition on the newest row version after waiting for the
 * row lock, so concurrent sign-ups can never overbook (measured ~2× faster than SELECT … FOR UPDATE).
 */
async function claimPlace(tx: Tx, eventId: string, now: Date) {
	const [seat] = await tx
		.update(event)
		.set({ confirmedCount: sql`${event.confirmedCount} + 1` })
		.where(and(eq(event.id, eventId), lt(event.confirmedCount, event.capacity), openForSignup(now)))
		.returning({ id: event.id });
	if (seat) return { status: 'confirmed' as const, waitlistPosition: null };
	const [queued] = await tx
		.update(event)
		.set({ waitlistSeq: sql`${event.waitlistSeq} + 1` })
		.where(and(eq(event.id, eventId), openForSignup(now)))
		.returning({ position: event.waitlistSeq });
	if (queued) return { status: 'waitlisted' as const, waitlistPosition: queued.position };
	return null;
}

/** The person key of an earlier registrant with the same email, or a new one. */
async function personFor(tx: Tx, emailNormalised: string): Promise<string> {
	const [existing] = await tx
		.select({ personId: registration.personId })
		.from(registration)
		.where(eq(registration.emailNormalised, emailNormalised))
		.limit(1);
	if (existing) return existing.personId;
	const [created] = await tx.insert(person).values({}).returning({ id: person.id });
	return created!.id;
}

function localePath(locale: Locale, path: string) {
	return locale === 'fi' ? path : `/${locale}${path}`;
}

/**
 * Signs a person up for an event: a confirmed seat or a waiting-list place, the manage token and the
 * confirmation email, all in one transaction. Mail is only queued here, so a mail outage never fails
 * a registration.
 */
export async function register(db: Db, input: RegisterInput): Promise<RegisterResult> {
	const now = input.now ?? new Date();
	const { event: ev, locale } = input;

	// Routes validate too, for the form's sake; this keeps the rule true for every caller.
	const parsed = signupSchemaFor(ev).safeParse(input.data);
	if (!parsed.success) {
		const errors: Partial<Record<keyof SignupData, FieldErrorKey>> = {};
		for (const issue of parsed.error.issues) {
			const field = issue.path[0] as keyof SignupData;
			errors[field] ??= issue.message as FieldErrorKey;
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

	const outcome = await db.transaction(async (tx) => {
		const place = await claimPlace(tx, ev.id, now);
		if (!place) return null;
		const personId = await personFor(tx, emailNormalised);
		const [row] = await tx
			.insert(registration)
			.values({
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
				purgeAfter: new Date(ev.endsAt.getTime() + ev.retentionDays * DAY_MS)
			})
			.returning({ id: registration.id });
		const registrationId = row!.id;

		const token = await tokens.mint(tx, { purpose: 'manage', personId, registrationId });
		const texts = localised(ev, locale);
		await mail.enqueue(
			tx,
			`registration.${place.status}`,
			renderRegistrationMail({
				locale,
				status: place.status,
				waitlistPosition: place.waitlistPosition,
				registrationId,
				firstName: data.firstName,
				email: data.email,
				event: { ...texts, location: ev.location, startsAt: ev.startsAt, endsAt: ev.endsAt },
				eventUrl: input.origin + localePath(locale, `/events/${ev.slug}`),
				manageUrl: input.origin + localePath(locale, `/manage/${token}`),
				organizer: input.organizer
			})
		);
		return { registrationId, ...place };
	});

	if (!outcome) return { ok: false, reason: 'closed' };
	mail.wake();
	return { ok: true, ...outcome };
}

export async function listForEvent(db: Db | Tx, eventId: string) {
	return db.select().from(registration).where(eq(registration.eventId, eventId));
}
