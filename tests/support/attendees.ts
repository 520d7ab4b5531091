/**
 * Test data for the attendee tests: staff accounts and registrants written straight into the
 * tables, so a few hundred rows take one statement instead of hundreds of sign-ups.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import {
	auditEvent,
	emailOutbox,
	event,
	person,
	registration,
	staffUser,
	type Event,
	type NewRegistration,
	type StaffRole
} from '../../src/lib/server/db/schema';

let counter = 0;

export async function makeStaff(db: Db, role: StaffRole = 'staff') {
	counter++;
	const [user] = await db
		.insert(staffUser)
		.values({
			email: `staff.${counter}.${Math.random().toString(36).slice(2, 7)}@wetteri.fi`,
			displayName: `Staff ${counter}`,
			role,
			// Never signed in with: these tests call the domain directly.
			passwordHash: 'not-a-hash'
		})
		.returning();
	return user!;
}

export type SeedRow = Partial<NewRegistration> & { firstName: string; lastName: string };

/**
 * Inserts registrants as they would stand after sign-up, and keeps the event's seat and waiting-list
 * counters in step. Waiting-list positions follow the order given.
 */
export async function seedRegistrants(db: Db, ev: Event, rows: SeedRow[]) {
	const [owner] = await db.insert(person).values({}).returning();
	let position = ev.waitlistSeq;
	const values: NewRegistration[] = rows.map((row, i) => {
		const status = row.status ?? 'confirmed';
		const email = row.email === undefined ? `seed.${++counter}.${i}@example.fi` : row.email;
		return {
			eventId: ev.id,
			personId: owner!.id,
			locale: 'fi',
			noticeVersion: 'test',
			purgeAfter: new Date(ev.endsAt.getTime() + 86_400_000),
			...row,
			email,
			emailNormalised: email?.toLowerCase() ?? null,
			status,
			waitlistPosition: status === 'waitlisted' ? (row.waitlistPosition ?? ++position) : null
		};
	});
	const inserted = [];
	// PostgreSQL takes at most 65,535 parameters in one statement.
	for (let i = 0; i < values.length; i += 500) {
		inserted.push(
			...(await db
				.insert(registration)
				.values(values.slice(i, i + 500))
				.returning())
		);
	}
	const confirmed = values.filter((v) => v.status === 'confirmed').length;
	await db
		.update(event)
		.set({
			confirmedCount: sql`${event.confirmedCount} + ${confirmed}`,
			waitlistSeq: Math.max(position, ev.waitlistSeq)
		})
		.where(eq(event.id, ev.id));
	return inserted;
}

export async function auditFor(db: Db, action: string, subjectId: string) {
	return db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.action, action), eq(auditEvent.subjectId, subjectId)))
		.orderBy(asc(auditEvent.id));
}

export async function outboxTo(db: Db, email: string) {
	return (await db.select().from(emailOutbox)).filter((row) => row.message?.to === email);
}

/** EXPLAIN output as one string; postgres.js returns rows, PGlite an object holding them. */
export async function explain(db: Db, query: { getSQL(): ReturnType<typeof sql> }) {
	return db.transaction(async (tx) => {
		// With sequential scans priced out, the plan shows whether an index can serve the query at
		// all: on a few hundred rows the planner would rightly scan the table instead.
		await tx.execute(sql`SET LOCAL enable_seqscan = off`);
		const result = (await tx.execute(sql`EXPLAIN ${query}`)) as unknown;
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
			string,
			string
		>[];
		return rows.map((row) => row['QUERY PLAN']).join('\n');
	});
}
