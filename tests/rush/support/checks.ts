/** The checks every rush or fault scenario ends with, on what the database holds afterwards. */
import { expect } from 'vitest';
import { consistency, registrations, type RegistrationRow, type Seeded } from './database';
import type { Answer } from './load';

/**
 * Every sign-up answered with success (a 303) is stored, confirmed or on the waiting list, and was
 * sent to the event's one "registered" page: that page says neither, the mail does, so no answer
 * can contradict what is stored. Returns the event's registrations for further checks.
 */
export async function expectStoredAsTold(
	seeded: Seeded,
	answers: Answer[]
): Promise<RegistrationRow[]> {
	const rows = await registrations(seeded.sql, seeded.eventId);
	const byEmail = new Map(rows.map((r) => [r.email, r]));
	for (const answer of answers.filter((a) => a.status === 303)) {
		expect(answer.location, answer.email).toBe(`/events/${seeded.slug}/registered`);
		expect(byEmail.get(answer.email)?.status, answer.email).toMatch(/^(confirmed|waitlisted)$/);
	}
	return rows;
}

/**
 * Nothing half-written (see `consistency`): the seat count matches the confirmed rows, waiting-list
 * positions are unique, every registration has its email and its manage token. Returns the counts.
 */
export async function expectConsistent(seeded: Seeded) {
	const state = await consistency(seeded.sql, seeded.eventId);
	expect(state.confirmed_count).toBe(state.confirmed);
	expect(state.distinct_positions).toBe(state.positions);
	expect(state.without_mail).toBe(0);
	expect(state.without_token).toBe(0);
	return state;
}
