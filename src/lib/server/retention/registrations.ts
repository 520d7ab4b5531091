import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db';
import { accessToken, checkIn, contactPerson, event, registration } from '../db/schema';
import { canonicalPersonSql, personKeysOf, resolvePerson } from '../person/keys';
import { anyProhibited, stateOf } from '../permissions';
import {
	ERASED_FIRST_NAME,
	ERASED_LAST_NAME,
	anonymiseRegistrations
} from '../registrations/anonymise';
import { addSuppression, suppressionHmac } from '../suppression';

/**
 * A registration still names someone unless it was anonymised already (by an earlier run or an
 * erasure), which leaves the placeholder name and no contact details.
 */
export const stillIdentifies: SQL = sql`NOT (${registration.firstName} = ${ERASED_FIRST_NAME}
	AND ${registration.lastName} = ${ERASED_LAST_NAME}
	AND ${registration.email} IS NULL AND ${registration.phone} IS NULL)`;

/**
 * Exempt from the purge: the person is a contact now (a live, unarchived contact record under the
 * registration's canonical person key). Their registrations are part of the customer relationship.
 */
export const linkedToContact: SQL = sql`EXISTS (SELECT 1 FROM contact_person lc
	WHERE lc.person_id = ${canonicalPersonSql(sql.raw('"registration"."person_id"'))}
	AND lc.merged_into_id IS NULL AND lc.archived_at IS NULL)`;

const BATCH = 500;

/** Registrations whose date has come: anonymised, so event counts and history stay true. */
export function dueForAnonymising(now: Date): SQL {
	return and(lte(registration.purgeAfter, now), stillIdentifies, sql`NOT ${linkedToContact}`)!;
}

/** Waiting-list places of events that are over: nobody will be promoted any more. */
export function pastWaitlist(now: Date): SQL {
	return and(
		eq(registration.status, 'waitlisted'),
		sql`${registration.eventId} IN (SELECT ${event.id} FROM ${event} WHERE ${event.endsAt} < ${now.toISOString()}::timestamptz)`,
		sql`NOT ${linkedToContact}`
	)!;
}

interface Removed {
	personId: string;
	email: string | null;
	phone: string | null;
}

/**
 * When the last record that says who a person is goes, a prohibition they gave would point at
 * nobody; their address goes on the suppression list instead, so marketing cannot come back.
 */
async function keepProhibitions(tx: Tx, removed: Removed[]): Promise<number> {
	let suppressed = 0;
	const byPerson = new Map<string, Removed[]>();
	for (const row of removed)
		byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row]);
	for (const [personId, rows] of byPerson) {
		if (!anyProhibited(await stateOf(tx, personId))) continue;
		const keys = await personKeysOf(tx, await resolvePerson(tx, personId));
		const [left] = await tx
			.select({ id: registration.id })
			.from(registration)
			.where(and(inArray(registration.personId, keys), stillIdentifies))
			.limit(1);
		const [contact] = await tx
			.select({ id: contactPerson.id })
			.from(contactPerson)
			.where(inArray(contactPerson.personId, keys))
			.limit(1);
		if (left || contact) continue;
		const entries = rows.flatMap((row) => [
			...(row.email ? [{ kind: 'email' as const, hmac: suppressionHmac('email', row.email) }] : []),
			...(row.phone ? [{ kind: 'phone' as const, hmac: suppressionHmac('phone', row.phone) }] : [])
		]);
		const valid = entries.filter((entry): entry is { kind: 'email' | 'phone'; hmac: string } =>
			Boolean(entry.hmac)
		);
		await addSuppression(tx, valid);
		if (valid.length > 0) suppressed++;
	}
	return suppressed;
}

/** Anonymises due registrations in batches; the tokens that opened them go too. */
export async function anonymiseDue(
	tx: Tx,
	now: Date
): Promise<{ anonymised: number; suppressed: number; checkInsDeleted: number }> {
	let anonymised = 0;
	let checkInsDeleted = 0;
	const removed: Removed[] = [];
	for (;;) {
		const rows = await tx
			.select({
				id: registration.id,
				personId: registration.personId,
				email: registration.emailNormalised,
				phone: registration.phone
			})
			.from(registration)
			.where(dueForAnonymising(now))
			.limit(BATCH)
			.for('update', { skipLocked: true });
		if (rows.length === 0) break;
		const ids = rows.map((row) => row.id);
		await tx.delete(accessToken).where(inArray(accessToken.registrationId, ids));
		checkInsDeleted += (await anonymiseRegistrations(tx, ids, { now })).checkInsDeleted;
		removed.push(...rows);
		anonymised += rows.length;
		if (rows.length < BATCH) break;
	}
	const suppressed = await keepProhibitions(tx, removed);
	return { anonymised, suppressed, checkInsDeleted };
}

/**
 * Deletes the waiting-list places of past events; their tokens and any check-in attempts (a scan
 * refused at the door) go with them by cascade, counted first for the run's figures.
 */
export async function deletePastWaitlist(
	tx: Tx,
	now: Date
): Promise<{ deleted: number; checkInsDeleted: number }> {
	const removed = await tx
		.select({
			id: registration.id,
			personId: registration.personId,
			email: registration.emailNormalised,
			phone: registration.phone
		})
		.from(registration)
		.where(pastWaitlist(now));
	if (removed.length === 0) return { deleted: 0, checkInsDeleted: 0 };
	let checkInsDeleted = 0;
	for (let i = 0; i < removed.length; i += BATCH) {
		const ids = removed.slice(i, i + BATCH).map((row) => row.id);
		const [attempts] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(checkIn)
			.where(inArray(checkIn.registrationId, ids));
		checkInsDeleted += attempts?.n ?? 0;
		await tx.delete(registration).where(inArray(registration.id, ids));
	}
	await keepProhibitions(tx, removed);
	return { deleted: removed.length, checkInsDeleted };
}
