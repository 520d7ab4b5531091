import { inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, type Event } from '../db/schema';
import type { MailContext } from '../mail-context';
import { enqueueRegistrationMail } from './mailing';
import type { PassedSeat } from './places';

/**
 * Tells each waiting person a seat passed to: 'promoted' with the calendar entry, or 'offered' with
 * the deadline and a link to answer. Queued in waiting-list order, so the first in line hears first.
 */
export async function mailPassedSeats(
	tx: Tx,
	passed: readonly (PassedSeat | null)[],
	ev: Event,
	context: MailContext
) {
	const seats = passed.filter((p): p is PassedSeat => p !== null);
	if (seats.length === 0) return;
	const rows = await tx
		.select()
		.from(registration)
		.where(
			inArray(
				registration.id,
				seats.map((p) => p.id)
			)
		);
	const byId = new Map(rows.map((r) => [r.id, r]));
	for (const seat of seats) {
		await enqueueRegistrationMail(tx, seat.kind, byId.get(seat.id)!, ev, context);
	}
}
