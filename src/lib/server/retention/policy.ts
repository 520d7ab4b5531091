import { AUDIT_RETENTION_MONTHS, config } from '../config';

/**
 * How long each kind of record is kept. Registrations carry their own date (the event's end plus
 * its retention days, default 90); these are the rest. The privacy page states the same figures.
 */
export interface RetentionPolicy {
	/** Audit events, in months: long enough to investigate misuse, no longer (Art. 5(1)(e)). */
	auditMonths: number;
	/** Contact persons of organisations marked former customers, counted from the last change. */
	formerContactMonths: number;
	/** Outbox rows of sent or failed mail (bodies are already gone once sent), in days. */
	mailDays: number;
}

export const DEFAULT_POLICY: RetentionPolicy = {
	auditMonths: AUDIT_RETENTION_MONTHS,
	formerContactMonths: 36,
	mailDays: 30
};

/** The policy as configured (ILMO_RETENTION_AUDIT_MONTHS, ILMO_RETENTION_FORMER_CONTACT_MONTHS). */
export function currentPolicy(): RetentionPolicy {
	return { ...DEFAULT_POLICY, ...config().retention };
}

export function monthsBefore(now: Date, months: number): Date {
	const date = new Date(now);
	date.setUTCMonth(date.getUTCMonth() - months);
	return date;
}

export function daysBefore(now: Date, days: number): Date {
	return new Date(now.getTime() - days * 86_400_000);
}
