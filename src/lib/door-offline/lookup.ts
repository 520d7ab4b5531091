/**
 * The door's answers worked out on the device from its kept list, while the server is away. The
 * server has the last word when the queue is synced (two devices, a cancellation meanwhile).
 */
import type { DoorList, DoorPerson, QueuedCheckIn, ScanAnswer } from '$lib/door';
import { normaliseTicketCode } from '$lib/ticket-code';
import { hashTicketCode } from './seal';

/** When the person arrived as far as this device knows: on the server's list or in its own queue. */
export function arrivedAt(person: DoorPerson, queue: QueuedCheckIn[]): string | null {
	return (
		person.checkedInAt ?? queue.find((entry) => entry.registrationId === person.id)?.at ?? null
	);
}

export interface OfflineCheckIn {
	answer: ScanAnswer;
	/** What to add to the queue, when the answer is 'checked_in'. */
	queued: QueuedCheckIn | null;
}

/** Checks `person` in on this device, unless their seat or an earlier arrival says otherwise. */
export function checkInOffline(
	person: DoorPerson,
	queue: QueuedCheckIn[],
	via: QueuedCheckIn['via'],
	now = new Date()
): OfflineCheckIn {
	// The waiting list comes without names (DoorPerson): the answer then names nobody.
	const name = `${person.firstName} ${person.lastName}`.trim();
	const about = {
		registrationId: person.id,
		...(name ? { name } : {}),
		organisation: person.organisation
	};
	if (person.offerPending) return { answer: { outcome: 'offer_pending', ...about }, queued: null };
	if (person.status !== 'confirmed') {
		return { answer: { outcome: 'waitlisted', ...about }, queued: null };
	}
	const at = arrivedAt(person, queue);
	if (at) {
		return { answer: { outcome: 'already', ...about, checkedInAt: at }, queued: null };
	}
	const checkIn: QueuedCheckIn = { registrationId: person.id, at: now.toISOString(), via };
	return { answer: { outcome: 'checked_in', ...about, checkedInAt: checkIn.at }, queued: checkIn };
}

/** A scanned or typed ticket code against the kept list. */
export async function scanOffline(
	list: DoorList,
	queue: QueuedCheckIn[],
	input: string,
	now = new Date()
): Promise<OfflineCheckIn> {
	const code = normaliseTicketCode(input);
	if (!code) return { answer: { outcome: 'invalid' }, queued: null };
	const hash = await hashTicketCode(code);
	const person = list.people.find((candidate) => candidate.ticketHash === hash);
	if (person) return checkInOffline(person, queue, 'scan', now);
	// Another event's ticket cannot be told from a made-up one without the server.
	return {
		answer: { outcome: list.voidHashes.includes(hash) ? 'cancelled' : 'unknown' },
		queued: null
	};
}

/** People whose first or last name (or organisation) starts with a word of `query`, by name. */
export function filterPeople(list: DoorList, query: string): DoorPerson[] {
	const words = query.toLocaleLowerCase('fi').split(/\s+/).filter(Boolean);
	const matches = (person: DoorPerson) => {
		const names = [person.firstName, person.lastName, person.organisation ?? '']
			.join(' ')
			.toLocaleLowerCase('fi')
			.split(/\s+/);
		return words.every((word) => names.some((name) => name.startsWith(word)));
	};
	// Nameless entries (the waiting list) are for scanning only: a name filter cannot show them.
	return list.people
		.filter((person) => person.firstName !== '' || person.lastName !== '')
		.filter((person) => words.length === 0 || matches(person))
		.sort(
			(a, b) =>
				a.lastName.localeCompare(b.lastName, 'fi') || a.firstName.localeCompare(b.firstName, 'fi')
		);
}
