import { describe, expect, it } from 'vitest';
import { groupSignupSchemaFor, MAX_ATTENDEE_ROWS } from './group-signup';

const policies = { phonePolicy: 'required', addressPolicy: 'hidden' } as const;
const schema = groupSignupSchemaFor(policies);

const form = (rows: number, change: Record<string, unknown> = {}) => ({
	firstName: 'Bo',
	lastName: 'Booker',
	email: 'bo@example.fi',
	phone: '',
	street: '',
	postalCode: '',
	city: '',
	attendeeFirstName: Array.from({ length: rows }, (_, i) => `P${i}`),
	attendeeLastName: Array.from({ length: rows }, () => 'Driver'),
	attendeeEmail: Array.from({ length: rows }, () => ''),
	attendeePhone: Array.from({ length: rows }, () => '040 123 4567'),
	bookerAttends: 'no',
	groupMode: 'all_or_none',
	...change
});

const errorsOf = (value: unknown) =>
	Object.fromEntries(
		(schema.safeParse(value).error?.issues ?? []).map((i) => [i.path.join('.'), i.message])
	);

describe('the group sign-up schema', () => {
	it('asks the booker’s phone only when the booker attends', () => {
		expect(errorsOf(form(1))).toEqual({});
		expect(errorsOf(form(1, { bookerAttends: 'yes' }))).toEqual({ phone: 'required' });
	});

	it('asks each row what the event asks, and both choices once there is a row', () => {
		expect(
			errorsOf(form(1, { attendeePhone: [''], bookerAttends: undefined, groupMode: undefined }))
		).toEqual({
			'attendeePhone.0': 'required',
			bookerAttends: 'chooseOne',
			groupMode: 'chooseOne',
			// Until the booker says otherwise, they are one of the people signed up.
			phone: 'required'
		});
		// Without rows it is a plain sign-up: no choice needed.
		expect(errorsOf(form(0, { bookerAttends: undefined, groupMode: undefined }))).toEqual({});
	});

	it('refuses one email twice and more rows than a form takes', () => {
		expect(errorsOf(form(2, { attendeeEmail: ['same@example.fi', ' SAME@example.fi'] }))).toEqual({
			'attendeeEmail.1': 'duplicateEmail'
		});
		// The booker's own email is a duplicate only when the booker attends too.
		expect(errorsOf(form(1, { attendeeEmail: ['bo@example.fi'] }))).toEqual({});
		expect(
			errorsOf(
				form(1, { attendeeEmail: ['bo@example.fi'], bookerAttends: 'yes', phone: '0401234567' })
			)
		).toEqual({ 'attendeeEmail.0': 'duplicateEmail' });
		expect(errorsOf(form(MAX_ATTENDEE_ROWS + 1))).toEqual({ attendeeFirstName: 'groupTooLarge' });
	});
});
