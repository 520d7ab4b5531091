import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { describeSafely } from '../db/errors';
import { tryJobsLock } from '../job-lock';
import {
	auditEvent,
	contactPerson,
	emailOutbox,
	organisation,
	personAlias,
	retentionRun,
	staffSession,
	type RetentionRun
} from '../db/schema';
import { purgeStale as purgeStaleThrottle } from '../auth/throttle';
import { purgeExpiredConsentRequests } from '../permissions';
import * as rateLimits from '../rate-limit';
import { currentPolicy, daysBefore, monthsBefore, type RetentionPolicy } from './policy';
import { deleteExpiredMessages } from './messages';
import { deleteExpiredGroups } from './groups';
import { deleteExpiredImages } from './images';
import { anonymiseDue, deletePastWaitlist } from './registrations';

export type RetentionTrigger = 'timer' | 'cli' | 'staff';

// A type alias, not an interface: the page passes it on as a plain record of figures.
export type RetentionCounts = {
	registrationsAnonymised: number;
	waitlistDeleted: number;
	/** Check-in history of the registrations anonymised or deleted. */
	checkInsDeleted: number;
	suppressionsAdded: number;
	consentRequestsDeleted: number;
	mailDeleted: number;
	sessionsDeleted: number;
	rateLimitRowsDeleted: number;
	signInThrottleRowsDeleted: number;
	formerContactsDeleted: number;
	auditEventsDeleted: number;
	messagesDeleted: number;
	/** Event images past their event's retention (they may show people). */
	imagesDeleted: number;
	/** Group sign-ups (booker's contact, attendees as entered) past their registrations. */
	groupsDeleted: number;
};

export type RetentionOutcome =
	| { ran: true; dryRun: boolean; counts: RetentionCounts; runId: string }
	| { ran: false; reason: 'busy' };

class DryRun extends Error {
	constructor(readonly counts: RetentionCounts) {
		super('dry run');
	}
}

/** Contacts of former customers whose organisation has not changed within the period. */
async function deleteFormerContacts(tx: Tx, before: Date): Promise<number> {
	const due = await tx
		.select({ id: contactPerson.id, personId: contactPerson.personId })
		.from(contactPerson)
		.innerJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(
			and(
				eq(organisation.customerStatus, 'former'),
				lt(organisation.updatedAt, before),
				lt(contactPerson.updatedAt, before)
			)
		);
	if (due.length === 0) return 0;
	const keys = due.map((row) => row.personId);
	// Registrations linked to them become plain registrations again, purged on their own dates.
	await tx
		.delete(personAlias)
		.where(and(inArray(personAlias.canonicalId, keys), eq(personAlias.reason, 'link')));
	await tx
		.update(contactPerson)
		.set({ mergedIntoId: null })
		.where(
			inArray(
				contactPerson.mergedIntoId,
				due.map((row) => row.id)
			)
		);
	await tx.delete(contactPerson).where(
		inArray(
			contactPerson.id,
			due.map((row) => row.id)
		)
	);
	return due.length;
}

async function purge(tx: Tx, now: Date, policy: RetentionPolicy): Promise<RetentionCounts> {
	await tx.execute(sql`SET LOCAL ilmo.maintenance = 'retention'`);
	const { anonymised, suppressed, checkInsDeleted } = await anonymiseDue(tx, now);
	const waitlist = await deletePastWaitlist(tx, now);
	const messagesDeleted = await deleteExpiredMessages(tx, now);
	const imagesDeleted = await deleteExpiredImages(tx, now);
	const groupsDeleted = await deleteExpiredGroups(tx, now);
	const consentRequestsDeleted = await purgeExpiredConsentRequests(tx, now);
	const mail = await tx
		.delete(emailOutbox)
		.where(
			and(
				or(eq(emailOutbox.status, 'sent'), eq(emailOutbox.status, 'failed')),
				lte(emailOutbox.createdAt, daysBefore(now, policy.mailDays))
			)
		)
		.returning({ id: emailOutbox.id });
	const sessions = await tx
		.delete(staffSession)
		.where(lte(staffSession.expiresAt, now))
		.returning({ id: staffSession.id });
	const rateLimitRowsDeleted = await rateLimits.purgeExpired(tx, now);
	const signInThrottleRowsDeleted = await purgeStaleThrottle(tx, now);
	const formerContactsDeleted = await deleteFormerContacts(
		tx,
		monthsBefore(now, policy.formerContactMonths)
	);
	const auditRows = await tx
		.delete(auditEvent)
		.where(lt(auditEvent.at, monthsBefore(now, policy.auditMonths)))
		.returning({ id: auditEvent.id });
	return {
		registrationsAnonymised: anonymised,
		waitlistDeleted: waitlist.deleted,
		checkInsDeleted: checkInsDeleted + waitlist.checkInsDeleted,
		suppressionsAdded: suppressed,
		consentRequestsDeleted,
		mailDeleted: mail.length,
		sessionsDeleted: sessions.length,
		rateLimitRowsDeleted,
		signInThrottleRowsDeleted,
		formerContactsDeleted,
		auditEventsDeleted: auditRows.length,
		messagesDeleted,
		imagesDeleted,
		groupsDeleted
	};
}

/**
 * The retention job: everything past its date, in one transaction, so a failure removes nothing.
 * A dry run does the same work and rolls it back, so its figures are exact. Each run is recorded
 * (counts only) and audited.
 */
export async function runRetention(
	db: Db,
	options: {
		trigger: RetentionTrigger;
		dryRun?: boolean;
		now?: Date;
		policy?: RetentionPolicy;
		actor?: { id: string };
	}
): Promise<RetentionOutcome> {
	const now = options.now ?? new Date();
	const dryRun = options.dryRun ?? false;
	const startedAt = new Date();
	let counts: RetentionCounts;
	try {
		const result = await db.transaction(async (tx) => {
			// One job at a time across every instance on the database, shared with the reminders:
			// a second one simply skips this round.
			if (!(await tryJobsLock(tx))) return null;
			const done = await purge(tx, now, options.policy ?? currentPolicy());
			if (dryRun) throw new DryRun(done);
			return done;
		});
		if (!result) return { ran: false, reason: 'busy' };
		counts = result;
	} catch (error) {
		if (!(error instanceof DryRun)) {
			await recordRun(db, options, startedAt, null, error);
			throw error;
		}
		counts = error.counts;
	}
	const runId = await recordRun(db, options, startedAt, counts, null);
	return { ran: true, dryRun, counts, runId };
}

async function recordRun(
	db: Db,
	options: { trigger: RetentionTrigger; dryRun?: boolean; actor?: { id: string } },
	startedAt: Date,
	counts: RetentionCounts | null,
	error: unknown
): Promise<string> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(retentionRun)
			.values({
				trigger: options.trigger,
				dryRun: options.dryRun ?? false,
				startedAt,
				finishedAt: new Date(),
				counts: counts ? { ...counts } : null,
				error: error ? describeSafely(error) : null
			})
			.returning({ id: retentionRun.id });
		await audit.record(tx, {
			action: options.dryRun ? 'retention.previewed' : error ? 'retention.failed' : 'retention.ran',
			actor: options.actor
				? { kind: 'staff', id: options.actor.id }
				: { kind: options.trigger === 'cli' ? 'cli' : 'system' },
			subject: { type: 'retention_run', id: row!.id },
			count: counts ? Object.values(counts).reduce((sum, value) => sum + value, 0) : undefined,
			details: counts ? { ...counts } : undefined
		});
		return row!.id;
	});
}

export async function listRuns(db: Db, limit = 10): Promise<RetentionRun[]> {
	return db.select().from(retentionRun).orderBy(desc(retentionRun.startedAt)).limit(limit);
}
