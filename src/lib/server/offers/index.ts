import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import { formatDateTime, type Locale } from '../../datetime';
import type { Db, Tx } from '../db';
import { registration, type Event, type Registration } from '../db/schema';
import * as mail from '../mail';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from '../registrations/mailing';
import type { ManageView } from '../registrations/manage';
import { dropHeldOffers, lockEvent, releaseSeat, type PassedSeat } from '../registrations/places';
import { mailPassedSeats } from '../registrations/seat-mail';
import { cancelledRow } from '../registrations/cancel';

/**
 * Waiting-list offers (the event's 'offer' mode): a freed seat is held for the first person waiting
 * until a deadline (registrations/places.ts makes the offer). They accept it, say no thanks, or let
 * it lapse; a seat declined or lapsed passes on the same way. Every change runs under the event row
 * lock and re-reads the registration there, so an answer and the expiry job racing each other, or
 * two instances' jobs, settle each offer exactly once.
 */

/** 'closed': the event was cancelled, taken back to a draft, or has begun, so no answer counts. */
export type AnswerResult =
	{ ok: true } | { ok: false; reason: 'expired' | 'not_offered' | 'closed' };

/** An offer is only answered while the event it is for can still be attended. */
function isAnswerable(ev: Event, now: Date) {
	return ev.status === 'published' && ev.startsAt > now;
}

/** An offer the registrant may still answer; a lapsed one awaits the job, but is answered as lapsed. */
function isOpen(reg: Registration, now: Date) {
	return reg.status === 'waitlisted' && reg.offerExpiresAt !== null && reg.offerExpiresAt > now;
}

/** One of the link holder's registrations, with its event locked first, then the row itself. */
async function lockOwn(tx: Tx, view: ManageView, registrationId: string) {
	const own = view.active.find((a) => a.registration.id === registrationId);
	if (!own) return null;
	const ev = await lockEvent(tx, own.event.id);
	const [current] = await tx
		.select()
		.from(registration)
		.where(eq(registration.id, registrationId))
		.for('update');
	return ev && current ? { ev, current } : null;
}

/**
 * Takes the person off the waiting list and passes their held seat on: to the next person waiting,
 * or back to the pool. The caller holds the event lock and has checked the offer.
 */
async function withdrawOffer(
	tx: Tx,
	ev: Event,
	current: Registration,
	now: Date
): Promise<PassedSeat | null> {
	await tx.update(registration).set(cancelledRow(now)).where(eq(registration.id, current.id));
	return releaseSeat(tx, ev.id, now);
}

/**
 * Settles the link holder's open offer one way or the other, under the event lock: an answer to a
 * lapsed offer is refused, even before the job has seen it, and so is any answer once the event is
 * cancelled, back in draft or begun.
 */
async function answerOffer(
	db: Db,
	view: ManageView,
	registrationId: string,
	now: Date,
	settle: (tx: Tx, ev: Event, current: Registration) => Promise<void>
): Promise<AnswerResult> {
	const result = await db.transaction(async (tx): Promise<AnswerResult> => {
		const locked = await lockOwn(tx, view, registrationId);
		if (!locked) return { ok: false, reason: 'not_offered' };
		const { ev, current } = locked;
		if (!isAnswerable(ev, now)) return { ok: false, reason: 'closed' };
		if (!isOpen(current, now)) return refusal(current);
		await settle(tx, ev, current);
		return { ok: true };
	});
	if (result.ok) mail.wake();
	return result;
}

/**
 * Accepts an open offer: the held seat becomes theirs (the count already includes it), and the
 * confirmation brings the calendar entry.
 */
export function acceptOffer(
	db: Db,
	view: ManageView,
	registrationId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<AnswerResult> {
	return answerOffer(db, view, registrationId, now, async (tx, ev, current) => {
		const [confirmed] = await tx
			.update(registration)
			.set({ status: 'confirmed', waitlistPosition: null, offerExpiresAt: null, updatedAt: now })
			.where(eq(registration.id, current.id))
			.returning();
		await enqueueRegistrationMail(tx, 'confirmed', confirmed!, ev, context);
	});
}

/**
 * Says no thanks to an open offer: the person leaves the waiting list (told by a cancellation mail)
 * and the seat passes on at once rather than at the deadline.
 */
export function declineOffer(
	db: Db,
	view: ManageView,
	registrationId: string,
	context: MailContext,
	now: Date = new Date()
): Promise<AnswerResult> {
	return answerOffer(db, view, registrationId, now, async (tx, ev, current) => {
		const passed = await withdrawOffer(tx, ev, current, now);
		await enqueueRegistrationMail(tx, 'cancelled', current, ev, context);
		await mailPassedSeats(tx, [passed], ev, context);
	});
}

/** Why an answer came too late: the offer lapsed (or was settled), or there never was one. */
function refusal(current: Registration): AnswerResult {
	const hadOffer = current.offerExpiresAt !== null || current.status === 'cancelled';
	return { ok: false, reason: hadOffer ? 'expired' : 'not_offered' };
}

export interface ExpiryCounts {
	expired: number;
	offered: number;
	promoted: number;
	returned: number;
}

/**
 * Settles every offer past its deadline, as pretix does: the offer lapses, the person leaves the
 * waiting list (told by an 'offer_expired' mail), and the seat passes on. One transaction per event
 * under its lock; rows are re-read there, so a concurrent answer or another instance's run settles
 * each offer once. A new offer made here is never already past its deadline (places.ts).
 */
export async function expireOffers(
	db: Db,
	{ now = new Date(), context }: { now?: Date; context: MailContext }
): Promise<ExpiryCounts> {
	const counts: ExpiryCounts = { expired: 0, offered: 0, promoted: 0, returned: 0 };
	const due = await db
		.selectDistinct({ eventId: registration.eventId })
		.from(registration)
		.where(lapsedOffer(now));
	for (const { eventId } of due) {
		await db.transaction(async (tx) => {
			const ev = await lockEvent(tx, eventId);
			if (!ev) return;
			// Its registrants had the cancellation mail; an 'offer expired' after it would mislead.
			if (ev.status === 'cancelled') {
				await dropHeldOffers(tx, eventId, now);
				return;
			}
			const lapsed = await tx
				.select()
				.from(registration)
				.where(and(eq(registration.eventId, eventId), lapsedOffer(now)))
				.orderBy(asc(registration.waitlistPosition))
				.for('update');
			for (const current of lapsed) {
				const passed = await withdrawOffer(tx, ev, current, now);
				await enqueueRegistrationMail(tx, 'offer_expired', current, ev, context);
				await mailPassedSeats(tx, [passed], ev, context);
				counts.expired += 1;
				if (passed) counts[passed.kind] += 1;
				else counts.returned += 1;
			}
		});
	}
	if (counts.expired > 0) mail.wake();
	return counts;
}

function lapsedOffer(now: Date) {
	return and(
		eq(registration.status, 'waitlisted'),
		isNotNull(registration.offerExpiresAt),
		lte(registration.offerExpiresAt, now)
	);
}

/**
 * The link holder's offers for the manage page, by registration id, the deadline in the event's
 * time zone. One past its deadline shows as lapsed until the job settles it.
 */
export function presentOffers(view: ManageView, locale: Locale, now: Date = new Date()) {
	const shown: Record<string, { deadline: string; open: boolean }> = {};
	for (const { registration: r } of view.active) {
		if (r.status !== 'waitlisted' || !r.offerExpiresAt) continue;
		shown[r.id] = {
			deadline: formatDateTime(r.offerExpiresAt, locale),
			open: r.offerExpiresAt > now
		};
	}
	return shown;
}
