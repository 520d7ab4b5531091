import { describe, expect, it } from 'vitest';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { Event } from '../db/schema';
import { publicSignupSchemaFor } from '../registrations/schemas';
import { isGroupPost, signUpGroup } from './group-signup';

const event = { phonePolicy: 'optional', addressPolicy: 'hidden' } as Event;
const request = {
	url: new URL('http://ilmo.test/events/x'),
	getClientAddress: () => '203.0.113.1'
};

function post(entries: [string, string][]) {
	const data = new FormData();
	for (const [name, value] of entries) data.append(name, value);
	return data;
}

describe('the group rows of the event form', () => {
	it('adds a row and keeps what was typed, under the page form’s id', async () => {
		const data = post([
			['firstName', 'Kaisa'],
			['email', 'kaisa@example.fi'],
			['attendeeFirstName', 'Pekka'],
			['attendeeLastName', ''],
			['attendeeEmail', ''],
			['attendeePhone', ''],
			['addAttendee', '1']
		]);
		expect(isGroupPost(data)).toBe(true);
		const answer = (await signUpGroup(request, data, event, '/registered')) as {
			form: { id: string; valid: boolean; data: Record<string, unknown>; errors: object };
		};
		expect(answer.form.id).toBe(zod4(publicSignupSchemaFor(event)).id);
		expect(answer.form.data).toMatchObject({
			firstName: 'Kaisa',
			attendeeFirstName: ['Pekka', ''],
			attendeeEmail: ['', ''],
			attendeePhone: ['', '']
		});
		expect(answer.form.errors).toEqual({});
		// A valid form would be reset by the page; a row button's answer never is.
		const first = post([
			['firstName', 'Kaisa'],
			['lastName', 'K'],
			['email', 'kaisa@example.fi'],
			['addAttendee', '1']
		]);
		const added = (await signUpGroup(request, first, event, '/registered')) as {
			form: { valid: boolean; data: Record<string, unknown> };
		};
		expect(added.form.valid).toBe(false);
		expect(added.form.data).toMatchObject({ attendeeFirstName: [''] });
	});

	it('removes the row asked and only that', async () => {
		const data = post([
			['attendeeFirstName', 'A'],
			['attendeeFirstName', 'B'],
			['attendeeLastName', 'a'],
			['attendeeLastName', 'b'],
			['attendeeEmail', ''],
			['attendeeEmail', ''],
			['attendeePhone', ''],
			['attendeePhone', ''],
			['removeAttendee', '0']
		]);
		const answer = (await signUpGroup(request, data, event, '/registered')) as {
			form: { data: Record<string, unknown> };
		};
		expect(answer.form.data).toMatchObject({ attendeeFirstName: ['B'], attendeeLastName: ['b'] });
	});

	it('never holds a booker who does not attend to a phone or address', async () => {
		const strict = { phonePolicy: 'required', addressPolicy: 'required' } as Event;
		const send = (attends: string) =>
			signUpGroup(
				request,
				post([
					['firstName', 'Kaisa'],
					['lastName', 'K'],
					['email', 'kaisa@example.fi'],
					['phone', 'soita'],
					['postalCode', 'x'],
					['attendeeFirstName', 'Pekka'],
					// Left empty so the answer is the form with its errors, before any database.
					['attendeeLastName', ''],
					['attendeeEmail', ''],
					['attendeePhone', '040 123 4567'],
					['attendeeStreet', 'Tie 1'],
					['attendeePostalCode', '00100'],
					['attendeeCity', 'Helsinki'],
					['bookerAttends', attends],
					['groupMode', 'all_or_none']
				]),
				strict,
				'/registered'
			) as Promise<{ status: number; data: { form: { errors: Record<string, unknown> } } }>;
		const notAttending = await send('no');
		expect(Object.keys(notAttending.data.form.errors)).toEqual(['attendeeLastName']);
		const attending = await send('yes');
		expect(attending.data.form.errors).toMatchObject({
			phone: ['phoneInvalid'],
			street: ['required'],
			postalCode: ['postalCodeInvalid'],
			city: ['required']
		});
	});
});
