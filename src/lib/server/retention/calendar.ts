import { and, asc, count, eq, gte, isNull, lt, min, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
	auditEvent,
	contactPerson,
	event,
	marketingConsentRequest,
	organisation,
	registration
} from '../db/schema';
import { currentPolicy, monthsBefore, type RetentionPolicy } from './policy';
import { linkedToContact, stillIdentifies } from './registrations';

export interface EventRetention {
	eventId: string;
	titleFi: string;
	titleEn: string;
	endsAt: Date;
	/** When its registrants' data is anonymised (the earliest date among them). */
	purgeOn: Date;
	/** Registrants whose data goes then. */
	toAnonymise: number;
	/** Registrants kept because they are contacts now. */
	exempt: number;
	/** Waiting-list places deleted once the event is over. */
	waitlisted: number;
}

export interface RetentionCalendar {
	events: EventRetention[];
	consentRequests: { count: number; next: Date | null };
	audit: { dueNow: number; dueWithin30Days: number };
	formerContacts: { dueNow: number };
	policy: RetentionPolicy;
}

/**
 * What the retention job will remove and when, per event and per kind, for /staff/retention.
 * Counts only: the page shows no names, so looking ahead is not itself a read of personal data.
 */
export async function retentionCalendar(
	db: Db,
	now: Date = new Date(),
	policy: RetentionPolicy = currentPolicy()
): Promise<RetentionCalendar> {
	const events = await db
		.select({
			eventId: event.id,
			titleFi: event.titleFi,
			titleEn: event.titleEn,
			endsAt: event.endsAt,
			purgeOn: min(registration.purgeAfter),
			toAnonymise: sql<number>`count(*) FILTER (WHERE NOT ${linkedToContact})::int`,
			exempt: sql<number>`count(*) FILTER (WHERE ${linkedToContact})::int`,
			waitlisted: sql<number>`count(*) FILTER (WHERE ${registration.status} = 'waitlisted' AND NOT ${linkedToContact})::int`
		})
		.from(registration)
		.innerJoin(event, eq(event.id, registration.eventId))
		.where(stillIdentifies)
		.groupBy(event.id)
		.orderBy(asc(min(registration.purgeAfter)));

	const [consent] = await db
		.select({ count: count(), next: min(marketingConsentRequest.expiresAt) })
		.from(marketingConsentRequest)
		.where(isNull(marketingConsentRequest.confirmedAt));
	const auditCutoff = monthsBefore(now, policy.auditMonths);
	const [auditNow] = await db
		.select({ count: count() })
		.from(auditEvent)
		.where(lt(auditEvent.at, auditCutoff));
	const [auditSoon] = await db
		.select({ count: count() })
		.from(auditEvent)
		.where(
			and(
				gte(auditEvent.at, auditCutoff),
				lt(
					auditEvent.at,
					monthsBefore(new Date(now.getTime() + 30 * 86_400_000), policy.auditMonths)
				)
			)
		);
	const formerCutoff = monthsBefore(now, policy.formerContactMonths);
	const [former] = await db
		.select({ count: count() })
		.from(contactPerson)
		.innerJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(
			and(
				eq(organisation.customerStatus, 'former'),
				lt(organisation.updatedAt, formerCutoff),
				lt(contactPerson.updatedAt, formerCutoff)
			)
		);
	return {
		events: events.map((row) => ({ ...row, purgeOn: row.purgeOn ?? row.endsAt })),
		consentRequests: { count: consent?.count ?? 0, next: consent?.next ?? null },
		audit: { dueNow: auditNow?.count ?? 0, dueWithin30Days: auditSoon?.count ?? 0 },
		formerContacts: { dueNow: former?.count ?? 0 },
		policy
	};
}
