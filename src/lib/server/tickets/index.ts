/**
 * Issuing and voiding tickets. Every registration that is not cancelled holds the hash of its
 * current code (code.ts); these helpers are the one way the insert and cancel sites change it, so
 * no path can leave a live registration without a ticket or a cancelled one with a valid one.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { registration } from '../db/schema';
import { ticketCode, ticketHashFor } from './code';

export { ticketCode, ticketHash, ticketHashFor } from './code';

export interface NewTicket {
	id: string;
	ticketVersion: number;
	ticketHash: string;
}

/** A new registration's id (drawn in the app, as the hash is made from it) and its first ticket. */
export function newTicket(): NewTicket {
	const id = randomUUID();
	return { id, ticketVersion: 1, ticketHash: ticketHashFor(id, 1) };
}

/** A new registration's values with its id and first ticket (drawn ahead with newTicket, or here). */
export function withTicket<T extends object>(
	values: T,
	ticket: NewTicket = newTicket()
): T & NewTicket {
	return { ...values, ...ticket };
}

/**
 * What a cancel site spreads into its `.set({...})`: the version goes up and the current hash
 * moves to void_ticket_hash, so a scan of the old ticket says "cancelled" and no later version
 * can collide with it. SQL, so it reads the row as the UPDATE finds it.
 */
export const voidTicket = {
	ticketVersion: sql`${registration.ticketVersion} + 1`,
	voidTicketHash: sql`coalesce(${registration.ticketHash}, ${registration.voidTicketHash})`,
	ticketHash: sql`NULL`
};

/** The printed code of a registration that holds a ticket now; null for a cancelled one. */
export function currentTicketCode(
	reg: { id: string; ticketVersion: number; status: string },
	secret?: string
): string | null {
	return reg.status === 'cancelled' ? null : ticketCode(reg.id, reg.ticketVersion, secret);
}

const BACKFILL_BATCH = 500;

/**
 * A live registration that never had a ticket: still at the first version. An anonymised one
 * (registrations/anonymise.ts) had its hashes cleared and its version raised on purpose, and
 * must not be given a ticket again.
 */
const neverIssued = and(
	isNull(registration.ticketHash),
	ne(registration.status, 'cancelled'),
	eq(registration.ticketVersion, 1)
);

/**
 * Gives a ticket to every live registration without one: rows from before tickets existed, or
 * restored from an older backup. Runs at every start (server and CLI) after the secret key is
 * bound; idempotent, in batches so a large table is not one long transaction.
 * Returns how many it issued.
 */
export async function backfillTickets(db: Db, secret?: string): Promise<number> {
	let issued = 0;
	for (;;) {
		const rows = await db
			.select({ id: registration.id, ticketVersion: registration.ticketVersion })
			.from(registration)
			.where(neverIssued)
			.limit(BACKFILL_BATCH);
		if (rows.length === 0) return issued;
		await db.transaction(async (tx) => {
			for (const row of rows) {
				// Guarded again: another instance starting at once may have issued it meanwhile.
				await tx
					.update(registration)
					.set({ ticketHash: ticketHashFor(row.id, row.ticketVersion, secret) })
					.where(and(eq(registration.id, row.id), neverIssued));
			}
		});
		issued += rows.length;
		if (rows.length < BACKFILL_BATCH) return issued;
	}
}
