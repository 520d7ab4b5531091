/**
 * The sign-up's own statements. A rush queues on the event row's lock, so the part that holds it is
 * one statement, committed on its own: the seat or waiting-list number, the person, the
 * registration, its manage token and its confirmation all go in together or not at all. Before it
 * goes one look-up, which also counts the client's rate-limit hit. Both are fixed texts, sent as
 * prepared statements (statement.ts).
 */
import { randomInt } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { event, type Event } from '../db/schema';
import type { HitKey } from '../rate-limit';
import { CLAIM_AND_STORE, LOOK_UP } from './sign-up-sql';
import { runStatement } from './statement';

/**
 * The event a sign-up posts to, by slug: like events.findPublicBySlug (null for a draft), but one
 * prepared statement per database, built once.
 */
const preparedEvents = new WeakMap<Db, ReturnType<typeof prepareEventQuery>>();

function prepareEventQuery(db: Db) {
	return db
		.select()
		.from(event)
		.where(and(eq(event.slug, sql.placeholder('slug')), ne(event.status, 'draft')))
		.limit(1)
		.prepare('sign_up_event');
}

export async function findEventForSignUp(db: Db, slug: string): Promise<Event | null> {
	let query = preparedEvents.get(db);
	if (!query) {
		query = prepareEventQuery(db);
		preparedEvents.set(db, query);
	}
	const [row] = await query.execute({ slug });
	return row ?? null;
}

export interface LookUpInput {
	eventId: string;
	emailNormalised: string;
	suppressionHmacs: [string | null, string | null];
	rateLimit: HitKey | null;
}

export interface LookUp {
	/** The window's count after this hit; null when no hit was counted. */
	hits: number | null;
	existingId: string | null;
	personId: string | null;
	suppressed: boolean;
}

export async function lookUp(db: Db | Tx, input: LookUpInput): Promise<LookUp> {
	const key = input.rateLimit;
	const [row] = await runStatement<{
		hits: number | null;
		existing_id: string | null;
		person_id: string | null;
		suppressed: boolean;
	}>(db, LOOK_UP, [
		input.eventId,
		input.emailNormalised,
		input.suppressionHmacs[0],
		input.suppressionHmacs[1],
		key?.bucket ?? null,
		key?.keyHash ?? null,
		key?.windowStart.toISOString() ?? null,
		key?.windowEnd.toISOString() ?? null
	]);
	return {
		hits: row?.hits ?? null,
		existingId: row?.existing_id ?? null,
		personId: row?.person_id ?? null,
		suppressed: row?.suppressed === true
	};
}

/**
 * Stands for the waiting-list rank in the pre-rendered waiting-list mail until the statement knows
 * it: 15 random digits, which the statement replaces with the rank. Long enough never to occur in a
 * message otherwise; a number, as the templates print it like any position.
 */
export const RANK_MARKER = 100_000_000_000_000 + randomInt(2 ** 47);

export interface ClaimAndStoreInput {
	eventId: string;
	now: Date;
	personId: string;
	/** The person key is new: its row is written with the registration. */
	newPerson: boolean;
	registration: {
		id: string;
		firstName: string;
		lastName: string;
		email: string;
		emailNormalised: string;
		phone: string | null;
		street: string | null;
		postalCode: string | null;
		city: string | null;
		locale: string;
		ticketVersion: number;
		ticketHash: string;
		noticeVersion: string;
		purgeAfter: Date;
	};
	tokenHash: string;
	recipientHash: string;
	/**
	 * The possible confirmations, rendered ahead (the waiting one with RANK_MARKER); null for one
	 * not rendered, whose place is then not taken.
	 */
	confirmedMessage: string | null;
	waitlistedMessage: string | null;
}

export type Claimed =
	| { status: 'confirmed'; waitlistPosition: null }
	| { status: 'waitlisted'; waitlistPosition: number };

/**
 * Null when the event is not open for sign-up, or its place's mail was not rendered: nothing was
 * written.
 */
export async function claimAndStore(
	db: Db | Tx,
	input: ClaimAndStoreInput
): Promise<Claimed | null> {
	const reg = input.registration;
	const [row] = await runStatement<{ status: string; position: number | null }>(
		db,
		CLAIM_AND_STORE,
		[
			input.eventId,
			input.now.toISOString(),
			input.personId,
			input.newPerson,
			reg.id,
			reg.firstName,
			reg.lastName,
			reg.email,
			reg.emailNormalised,
			reg.phone,
			reg.street,
			reg.postalCode,
			reg.city,
			reg.locale,
			reg.ticketVersion,
			reg.ticketHash,
			reg.noticeVersion,
			reg.purgeAfter.toISOString(),
			input.tokenHash,
			input.recipientHash,
			input.confirmedMessage,
			input.waitlistedMessage,
			String(RANK_MARKER)
		]
	);
	if (!row) return null;
	return row.status === 'confirmed'
		? { status: 'confirmed', waitlistPosition: null }
		: { status: 'waitlisted', waitlistPosition: row.position! };
}
