import { fail } from '@sveltejs/kit';
import { setError, type SuperValidated } from 'sveltekit-superforms';
import type { StaffRegistrationData } from '$lib/schemas/staff-registration';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';

/** The event an attendee page is about: a 404 for an address that names no event. */
export async function findEvent(id: string) {
	const found = attendees.isId(id) ? await events.findById(await db(), id) : null;
	if (!found) notFound();
	return found;
}

/**
 * A registrant refused by the domain's own checks (the add and the edit form): each error goes
 * onto its field, and the form comes back as typed.
 */
export function failOnFields<M>(
	form: SuperValidated<StaffRegistrationData, M>,
	errors: Partial<Record<keyof StaffRegistrationData, string>>
) {
	for (const [field, key] of Object.entries(errors)) {
		setError(form, field as keyof StaffRegistrationData, key);
	}
	return fail(400, { form });
}
