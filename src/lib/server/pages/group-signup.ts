import { redirect, type RequestEvent } from '@sveltejs/kit';
import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale } from '$lib/paraglide/runtime';
import {
	ADD_ATTENDEE,
	ATTENDEE_FIELDS,
	MAX_ATTENDEE_ROWS,
	REMOVE_ATTENDEE,
	type GroupSignupData
} from '$lib/schemas/group-signup';
import { HONEYPOT_FIELD, type SignupFormMessage } from '$lib/schemas/registration';
import type { Event } from '../db/schema';
import { db } from '../db/database';
import { countGroupSignup, groupSize, registerGroup } from '../groups/register';
import { groupSignupSchemaFor } from '../groups/schemas';
import { mailContext } from '../mail-context';
import { requestEmailConsent } from '../permissions/consent';
import * as rateLimits from '../rate-limit';
import { publicSignupSchemaFor } from '../registrations/schemas';

/** A post from the group part of the event form: a row button, or a form that has rows. */
export function isGroupPost(formData: FormData): boolean {
	return (
		formData.has(ADD_ATTENDEE) || formData.has(REMOVE_ATTENDEE) || formData.has('attendeeFirstName')
	);
}

/** The booker's fields a group keeps only when the booker is one of the attendees. */
const BOOKER_ONLY_IF_ATTENDING = ['phone', 'street', 'postalCode', 'city'] as const;

type GroupRequest = Pick<RequestEvent, 'url' | 'getClientAddress'>;

/**
 * The group branch of the event page's sign-up: "Add another person" and "Remove" answer with the
 * form changed and nothing stored or counted; a sent form with rows signs the group up. The answer
 * carries the plain form's id, so the page's form (built from the plain schema) takes it up.
 */
export async function signUpGroup(
	{ url, getClientAddress }: GroupRequest,
	formData: FormData,
	event: Event,
	registered: string
) {
	const schema = zod4(groupSignupSchemaFor(event));
	const id = zod4(publicSignupSchemaFor(event)).id;
	const removeAt = formData.get(REMOVE_ATTENDEE);
	if (formData.has(ADD_ATTENDEE) || removeAt !== null) {
		// A row button is not a send: half-typed rows are not errors yet.
		const form = await superValidate<GroupSignupData, SignupFormMessage>(formData, schema, {
			id,
			errors: false
		});
		// Not a send: the page's form resets itself after a valid one, which would lose the typing.
		form.valid = false;
		const rows = form.data.attendeeFirstName.length;
		if (removeAt !== null) {
			const index = Number(removeAt);
			if (Number.isInteger(index) && index >= 0 && index < rows) {
				for (const field of ATTENDEE_FIELDS) form.data[field].splice(index, 1);
			}
			return { form };
		}
		if (rows >= MAX_ATTENDEE_ROWS) return message(form, { kind: 'groupTooLarge' }, { status: 400 });
		for (const field of ATTENDEE_FIELDS) {
			// A list shorter than the rows (a field the event does not ask) is evened out too.
			const list = form.data[field];
			while (list.length < rows) list.push('');
			list.length = rows;
			list.push('');
		}
		return { form };
	}

	if (formData.get('bookerAttends') === 'no') {
		// A booker who does not attend is kept as name and email only: whatever sits in their phone
		// and address fields is never stored, so it must not block the sign-up either (not even a
		// number typed wrong before choosing "I only register the others").
		for (const field of BOOKER_ONLY_IF_ATTENDING) formData.delete(field);
	}
	const form = await superValidate<GroupSignupData, SignupFormMessage>(formData, schema, { id });
	if (!form.valid) return fail(400, { form });
	// Any answer but the redirect shows the form again, and the page resets a valid one: what was
	// typed must stay for another try (a full group, a rate limit).
	form.valid = false;

	// As for a single sign-up every valid attempt counts, once per person in the group.
	const database = await db();
	const limited = await countGroupSignup(database, {
		address: rateLimits.addressBlock(getClientAddress()),
		people: groupSize(form.data)
	});
	if (!limited.allowed) {
		const retryAfterMinutes = Math.ceil(limited.retryAfterSeconds / 60);
		return message(form, { kind: 'rateLimited', retryAfterMinutes }, { status: 429 });
	}
	const honeypot = formData.getAll(HONEYPOT_FIELD);
	if (honeypot.some((value) => typeof value !== 'string' || value.trim() !== '')) {
		redirect(303, registered);
	}

	const result = await registerGroup(database, {
		event,
		data: form.data,
		askNewsConsent: form.data.newsByEmail ? requestEmailConsent : undefined,
		locale: getLocale(),
		...mailContext(url)
	});
	if (!result.ok) {
		if (result.reason === 'closed') return message(form, { kind: 'closed' }, { status: 409 });
		if (result.reason === 'noRoom') {
			const { seatsLeft, people } = result;
			return message(form, { kind: 'groupNoRoom', seatsLeft, people }, { status: 409 });
		}
		for (const [path, key] of Object.entries(result.errors)) {
			setError(form, path as 'email', key);
		}
		return fail(400, { form });
	}
	redirect(303, registered);
}
