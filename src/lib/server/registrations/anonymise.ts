import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { person, registrantDismissal, registration } from '../db/schema';

/**
 * What an anonymised registration is called from then on: it keeps its event, status, times and
 * check-in, so counts and history stay true, but names nobody.
 */
export const ERASED_FIRST_NAME = 'Poistettu';
export const ERASED_LAST_NAME = 'henkilö';

/**
 * Anonymises registrations, for an erasure and for the retention job alike. Each row gets a person
 * key of its own, so the kept rows no longer tie a person's sign-ups together, and a dismissal, so
 * it never waits in the linking queue. The callers delete the tokens that opened it.
 */
export async function anonymiseRegistrations(
	tx: Tx,
	ids: string[],
	options: { now: Date; dismissedBy?: string | null }
): Promise<void> {
	if (ids.length === 0) return;
	const fresh = await tx
		.insert(person)
		.values(ids.map(() => ({})))
		.returning({ id: person.id });
	for (const [i, id] of ids.entries()) {
		await tx
			.update(registration)
			.set({
				personId: fresh[i]!.id,
				firstName: ERASED_FIRST_NAME,
				lastName: ERASED_LAST_NAME,
				email: null,
				emailNormalised: null,
				phone: null,
				street: null,
				postalCode: null,
				city: null,
				updatedAt: options.now
			})
			.where(eq(registration.id, id));
	}
	await tx
		.insert(registrantDismissal)
		.values(fresh.map((key) => ({ personId: key.id, dismissedBy: options.dismissedBy ?? null })))
		.onConflictDoNothing();
}
