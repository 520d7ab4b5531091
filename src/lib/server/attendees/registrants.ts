import { and, eq, ne } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import type { FieldErrorKey } from '../../schemas/registration';
import type { StaffRegistrationData } from '../../schemas/staff-registration';
import type { Db, Tx } from '../db';
import { registration, type Event, type Registration } from '../db/schema';
import * as mail from '../mail';
import { normalisePhone } from '../phone';
import { staffRegistrationSchemaFor } from '../registrations/schemas';
import { NOTICE_VERSION } from '../privacy/notice';
import { normaliseEmail } from '../person/email';
import type { MailContext } from '../mail-context';
import { waitlistRank } from '../registrations';
import { personFor } from '../registrations/register';
import { enqueueRegistrationMail } from '../registrations/mailing';
import { claimPlace, holdsSeat, lockEvent, passedIds, releaseSeat } from '../registrations/places';
import { mailPassedSeats } from '../registrations/seat-mail';
import { recordAttendees, type StaffActor } from './audit';
import { isUniqueViolation } from '../db/errors';
import { applySuppression } from '../suppression';
import { cancelledRow } from '../registrations/cancel';
import { withTicket } from '../tickets';

type FieldErrors = Partial<Record<keyof StaffRegistrationData, FieldErrorKey>>;

export type AddResult =
	| { ok: true; registrationId: string; status: 'confirmed' | 'waitlisted' }
	| { ok: false; reason: 'closed' | 'duplicate' }
	| { ok: false; reason: 'invalid'; errors: FieldErrors };

export type UpdateResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'cancelled' | 'duplicate' }
	| { ok: false; reason: 'invalid'; errors: FieldErrors };

const DAY_MS = 86_400_000;

interface CleanDetails {
	firstName: string;
	lastName: string;
	email: string | null;
	emailNormalised: string | null;
	phone: string | null;
	street: string | null;
	postalCode: string | null;
	city: string | null;
}

/**
 * The form's rules again for every caller, then the stored shape: E.164 phone, no field the event
 * does not ask for, and an empty email as none at all.
 */
function clean(ev: Event, input: StaffRegistrationData): CleanDetails | FieldErrors {
	const parsed = staffRegistrationSchemaFor(ev).safeParse(input);
	if (!parsed.success) {
		const errors: FieldErrors = {};
		for (const issue of parsed.error.issues) {
			errors[issue.path[0] as keyof StaffRegistrationData] ??= issue.message as FieldErrorKey;
		}
		return errors;
	}
	const data = parsed.data;
	let phone: string | null = null;
	if (ev.phonePolicy !== 'hidden' && data.phone) {
		phone = normalisePhone(data.phone);
		if (!phone) return { phone: 'phoneInvalid' };
	}
	const withAddress = ev.addressPolicy !== 'hidden';
	return {
		firstName: data.firstName,
		lastName: data.lastName,
		email: data.email || null,
		emailNormalised: data.email ? normaliseEmail(data.email) : null,
		phone,
		street: withAddress ? data.street || null : null,
		postalCode: withAddress ? data.postalCode || null : null,
		city: withAddress ? data.city || null : null
	};
}

function isErrors(value: CleanDetails | FieldErrors): value is FieldErrors {
	return !('emailNormalised' in value);
}

async function hasActiveWithEmail(
	tx: Tx,
	eventId: string,
	emailNormalised: string,
	exceptId?: string
): Promise<boolean> {
	const [row] = await tx
		.select({ id: registration.id })
		.from(registration)
		.where(
			and(
				eq(registration.eventId, eventId),
				eq(registration.emailNormalised, emailNormalised),
				ne(registration.status, 'cancelled'),
				exceptId ? ne(registration.id, exceptId) : undefined
			)
		)
		.limit(1);
	return Boolean(row);
}

export interface AddInput {
	actor: StaffActor;
	event: Event;
	data: StaffRegistrationData;
	/** The language mail is written in: the staff member's, who took the sign-up. */
	locale: Locale;
	context: MailContext;
	now?: Date;
}

/**
 * A sign-up taken by staff, e.g. over the phone. Seats are claimed exactly as for the public form;
 * with an email the person gets the usual confirmation and manage link, without one nothing.
 * Unlike the public form, a duplicate is reported: staff already see the whole list.
 */
export async function addRegistrant(db: Db, input: AddInput): Promise<AddResult> {
	const now = input.now ?? new Date();
	const ev = input.event;
	const details = clean(ev, input.data);
	if (isErrors(details)) return { ok: false, reason: 'invalid', errors: details };

	let result: AddResult;
	try {
		result = await db.transaction(async (tx): Promise<AddResult> => {
			if (
				details.emailNormalised &&
				(await hasActiveWithEmail(tx, ev.id, details.emailNormalised))
			) {
				return { ok: false, reason: 'duplicate' };
			}
			const place = await claimPlace(tx, ev.id, now);
			if (!place) return { ok: false, reason: 'closed' };
			const [created] = await tx
				.insert(registration)
				.values(
					withTicket({
						...details,
						eventId: ev.id,
						personId: await personFor(tx, details.emailNormalised),
						locale: input.locale,
						status: place.status,
						waitlistPosition: place.waitlistPosition,
						noticeVersion: NOTICE_VERSION,
						purgeAfter: new Date(ev.endsAt.getTime() + ev.retentionDays * DAY_MS)
					})
				)
				.returning();
			await applySuppression(tx, created!.personId, {
				email: created!.email,
				phone: created!.phone
			});
			const rank = place.waitlistPosition
				? await waitlistRank(tx, ev.id, place.waitlistPosition)
				: null;
			await enqueueRegistrationMail(tx, place.status, created!, ev, input.context, rank);
			await recordAttendees(
				tx,
				input.actor,
				'registration.added_by_staff',
				{ type: 'registration', id: created!.id },
				{ details: { eventId: ev.id, status: place.status, withEmail: Boolean(details.email) } }
			);
			return { ok: true, registrationId: created!.id, status: place.status };
		});
	} catch (error) {
		// A public sign-up with the same email won the race; the unique index stopped this one.
		if (!isUniqueViolation(error)) throw error;
		return { ok: false, reason: 'duplicate' };
	}
	if (result.ok) mail.wake();
	return result;
}

const EDITABLE = [
	'firstName',
	'lastName',
	'email',
	'phone',
	'street',
	'postalCode',
	'city'
] as const;

/**
 * Staff correct a registrant's details. No mail is sent: a new email address is trusted because
 * staff typed it, and the person already has (or never had) their confirmation.
 */
export async function updateRegistrant(
	db: Db,
	actor: StaffActor,
	ev: Event,
	registrationId: string,
	data: StaffRegistrationData,
	now: Date = new Date()
): Promise<UpdateResult> {
	const details = clean(ev, data);
	if (isErrors(details)) return { ok: false, reason: 'invalid', errors: details };
	try {
		return await db.transaction(async (tx): Promise<UpdateResult> => {
			const current = await findRegistrant(tx, ev.id, registrationId);
			if (!current) return { ok: false, reason: 'not_found' };
			if (current.status === 'cancelled') return { ok: false, reason: 'cancelled' };
			if (
				details.emailNormalised &&
				(await hasActiveWithEmail(tx, ev.id, details.emailNormalised, current.id))
			) {
				return { ok: false, reason: 'duplicate' };
			}
			await tx
				.update(registration)
				.set({ ...details, updatedAt: now })
				.where(eq(registration.id, current.id));
			// Which fields changed, by name only: the values are personal data.
			const changed = EDITABLE.filter((field) => (current[field] ?? null) !== details[field]);
			await recordAttendees(
				tx,
				actor,
				'registration.updated_by_staff',
				{ type: 'registration', id: current.id },
				{ details: { eventId: ev.id, fields: changed } }
			);
			return { ok: true };
		});
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
		return { ok: false, reason: 'duplicate' };
	}
}

export type CancelResult =
	| { ok: true; promotedId: string | null; offeredId?: string }
	| { ok: false; reason: 'not_found' | 'cancelled' };

/**
 * Cancels a registration for the person. A freed seat goes to the first on the waiting list, as
 * when people cancel themselves; both are emailed when they gave an address.
 */
export async function cancelRegistrant(
	db: Db,
	actor: StaffActor,
	eventId: string,
	registrationId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<CancelResult> {
	return changeRegistrant(
		db,
		eventId,
		registrationId,
		async (tx, { ev, current }): Promise<CancelResult> => {
			if (current.status === 'cancelled') return { ok: false, reason: 'cancelled' };
			await tx.update(registration).set(cancelledRow(now)).where(eq(registration.id, current.id));
			const passed = holdsSeat(current) ? await releaseSeat(tx, ev.id, now) : null;
			const { promotedId } = passedIds(passed);
			await enqueueRegistrationMail(tx, 'cancelled', current, ev, context);
			await recordAttendees(
				tx,
				actor,
				'registration.cancelled_by_staff',
				{ type: 'registration', id: current.id },
				{ details: { eventId, was: current.status, promotedId } }
			);
			await mailPassedSeats(tx, [passed], ev, context);
			return { ok: true, ...passedIds(passed) };
		}
	);
}

/** A registration of the event, locked for update; none when it is another event's. */
async function findRegistrant(
	tx: Tx,
	eventId: string,
	registrationId: string
): Promise<Registration | undefined> {
	const [row] = await tx
		.select()
		.from(registration)
		.where(and(eq(registration.id, registrationId), eq(registration.eventId, eventId)))
		.for('update');
	return row;
}

/**
 * The event and one of its registrations, both locked: the event first, as every seat change
 * takes it, so that two staff changes and a sign-up cannot deadlock. None when either is missing.
 */
export async function lockRegistrant(tx: Tx, eventId: string, registrationId: string) {
	const ev = await lockEvent(tx, eventId);
	const current = await findRegistrant(tx, eventId, registrationId);
	return ev && current ? { ev, current } : null;
}

/**
 * A staff change to one registrant, in one transaction holding the event and the row. The mail
 * worker is woken after the commit, unless the change sends no mail.
 */
export async function changeRegistrant<R extends { ok: boolean }>(
	db: Db,
	eventId: string,
	registrationId: string,
	change: (tx: Tx, locked: { ev: Event; current: Registration }) => Promise<R>,
	{ mails = true }: { mails?: boolean } = {}
): Promise<R | { ok: false; reason: 'not_found' }> {
	const result = await db.transaction(async (tx) => {
		const locked = await lockRegistrant(tx, eventId, registrationId);
		if (!locked) return { ok: false, reason: 'not_found' } as const;
		return change(tx, locked);
	});
	if (result.ok && mails) mail.wake();
	return result;
}

export async function mailPromoted(tx: Tx, id: string, ev: Event, context: MailContext) {
	const [promoted] = await tx.select().from(registration).where(eq(registration.id, id));
	await enqueueRegistrationMail(tx, 'promoted', promoted as Registration, ev, context);
}
