/**
 * Registrants with tickets for the door tests: ids made here so each row's ticket hash can be
 * stored with it, as a sign-up does. Codes are made under a test secret; the door looks them up by
 * hash only, so the secret never matters there.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import type { Event } from '../../src/lib/server/db/schema';
import { ticketCode, ticketHash } from '../../src/lib/server/tickets/code';
import { seedRegistrants, type SeedRow } from './attendees';

export const TEST_TICKET_SECRET = 'door-test-secret-not-secret-0123456789';

/** Seeds the rows with current tickets (void ones for cancelled rows); returns each with its code. */
export async function seedTicketed(db: Db, ev: Event, rows: SeedRow[]) {
	const prepared = rows.map((row) => {
		const id = randomUUID();
		const cancelled = row.status === 'cancelled';
		const code = ticketCode(id, 1, TEST_TICKET_SECRET);
		return {
			code,
			row: {
				...row,
				id,
				ticketVersion: cancelled ? 2 : 1,
				ticketHash: cancelled ? null : ticketHash(code),
				voidTicketHash: cancelled ? ticketHash(code) : null
			}
		};
	});
	const inserted = await seedRegistrants(
		db,
		ev,
		prepared.map((p) => p.row)
	);
	return inserted.map((registration, i) => ({ registration, code: prepared[i]!.code }));
}
