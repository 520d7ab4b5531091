import type { RequestStatus } from '../db/schema';

/** Art. 12(3): one month from receipt, extendable by two further months where necessary. */
export const DUE_MONTHS = 1;
export const MAX_EXTENSION_MONTHS = 2;

/** Statuses still waiting for an answer: these can be overdue. */
export const OPEN_STATUSES = [
	'received',
	'verifying',
	'verified'
] as const satisfies readonly RequestStatus[];

export function isOpen(status: RequestStatus): boolean {
	return (OPEN_STATUSES as readonly RequestStatus[]).includes(status);
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The same day and time `months` later, on the last day of the month when that day does not exist
 * (31 January + 1 month = 28 or 29 February), as PostgreSQL's interval arithmetic does: a month's
 * deadline never spills into the month after.
 */
export function addMonths(date: Date, months: number): Date {
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth() + months;
	const target = new Date(Date.UTC(year, month, 1));
	const day = Math.min(
		date.getUTCDate(),
		daysInMonth(target.getUTCFullYear(), target.getUTCMonth())
	);
	return new Date(
		Date.UTC(
			target.getUTCFullYear(),
			target.getUTCMonth(),
			day,
			date.getUTCHours(),
			date.getUTCMinutes(),
			date.getUTCSeconds(),
			date.getUTCMilliseconds()
		)
	);
}

export function dueFor(receivedAt: Date): Date {
	return addMonths(receivedAt, DUE_MONTHS);
}

/** The latest an extension may run to: two months after the original due date. */
export function latestExtension(dueAt: Date): Date {
	return addMonths(dueAt, MAX_EXTENSION_MONTHS);
}

/** The deadline in force: the extension when there is one. */
export function effectiveDue(request: { dueAt: Date; extendedUntil: Date | null }): Date {
	return request.extendedUntil ?? request.dueAt;
}

export function isOverdue(
	request: { status: RequestStatus; dueAt: Date; extendedUntil: Date | null },
	now: Date = new Date()
): boolean {
	return isOpen(request.status) && effectiveDue(request).getTime() < now.getTime();
}
